"""Course tracks: levels that build on each other (KlinObs Trinn 1–3), completion, the
kursbevis (course certificate) and the instructor registry."""
