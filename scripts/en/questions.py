# ruff: noqa: E501  (one message a line: easier to check against the Norwegian)
"""English for the event's own questions on the registration form."""

EN = {
    "La til et spørsmål i påmeldingsskjemaet": "Added a question to the registration form",
    "Endret et spørsmål i påmeldingsskjemaet": "Changed a question of the registration form",
    "Fjernet et spørsmål fra påmeldingsskjemaet": "Removed a question from the registration form",
    "Eksport av svar med helseopplysninger": "Export of answers with health data",
    "Svar med helseopplysninger slettet": "Answers with health data deleted",
    "Svaret kan ha høyst %(n)s tegn.": "The answer can have at most %(n)s characters.",
    "Svaret kan ikke inneholde kontrolltegn.": "The answer cannot contain control characters.",
    "Velg et av alternativene.": "Choose one of the options.",
    "Velg blant alternativene.": "Choose among the options.",
    "Svarene må være et objekt med spørsmålets id som nøkkel.": "The answers must be an object keyed by the question's id.",
    "Ukjent spørsmål.": "Unknown question.",
    "Svar på dette spørsmålet.": "Answer this question.",
    "Svar om helse lagres bare med samtykke: kryss av, eller la svaret stå tomt.": "Answers about health are only stored with consent: tick the box, or leave the answer empty.",
    "Et spørsmål om helseopplysninger kan ikke være obligatorisk: samtykket må være frivillig.": "A question about health data cannot be required: consent must be voluntary.",
    "Høyst %(n)s spørsmål.": "At most %(n)s questions.",
    "Spørsmålet kan ha høyst %(n)s tegn.": "The question can have at most %(n)s characters.",
    "Svaret er en helseopplysning (for eksempel allergi, funksjonsnedsettelse eller tilrettelegging)": "The answer is health data (for example an allergy, a disability or adjustments needed)",
    "Spørsmålet og svarene på det er fjernet.": "The question and its answers have been removed.",
    "Skjema": "Form",
    "(valgfritt)": "(optional)",
    "Helseopplysning: frivillig, lagres bare med samtykket under.": "Health data: voluntary, stored only with the consent below.",
    "Jeg samtykker til at svarene om helse lagres til arrangementet er over. De vises bare for dem som trenger dem.": "I consent to my answers about health being stored until the event is over. Only those who need them see them.",
    "Påmeldingsskjema": "Registration form",
    "Arrangementets egne spørsmål": "The event's own questions",
    "Spørsmålene kommer i påmeldingsskjemaet etter navn, kontaktopplysninger og stilling. Spør bare om det dere trenger.": "The questions come in the registration form after name, contact details and role. Ask only what you need.",
    "Helseopplysning": "Health data",
    "Svar som er helseopplysninger vises ikke i deltakerlisten eller eksportene. De lagres bare med samtykke, slettes når noen melder seg av og når arrangementet er over, og hentes her (hver nedlasting logges):": "Answers that are health data are not shown in the participant list or the exports. They are stored only with consent, deleted when someone cancels and when the event is over, and downloaded here (every download is logged):",
    "Helsesvar (Excel)": "Health answers (Excel)",
    "Helsesvar (CSV)": "Health answers (CSV)",
    "Ingen egne spørsmål ennå.": "No own questions yet.",
    "For eksempel «Hvilken ABC-gruppe hører du til?».": "For example «Which ABC group do you belong to?».",
}

EN.update({
    "Noen arrangementer har egne spørsmål i skjemaet (for eksempel hvilken gruppe du hører til). Svarene vises for arrangøren og slettes når påmeldingen anonymiseres. Spørsmål om helse (for eksempel tilrettelegging) er frivillige og behandles som kostbehov: de lagres bare med ditt samtykke, vises bare for dem som trenger dem, og slettes når arrangementet er over eller hvis du melder deg av.": "Some events have their own questions in the form (for example which group you belong to). The answers are shown to the organiser and deleted when the registration is anonymised. Questions about health (for example adjustments) are voluntary and treated like dietary needs: stored only with your consent, shown only to those who need them, and deleted when the event is over or if you cancel.",
    "Melder en leder eller ressursperson deg på sammen med andre («Meld på flere»), lagrer vi også kontaktpersonens navn, e-post, mobil og arbeidssted, slik at hen kan se og endre gruppens påmeldinger. Disse slettes samtidig som påmeldingene anonymiseres.": "If a leader or resource person registers you together with others («Register several»), we also store the contact person's name, e-mail, mobile and workplace, so that they can see and change the group's registrations. These are deleted when the registrations are anonymised.",
})
