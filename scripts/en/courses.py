"""English for course tracks, completion, the kursbevis and the instructor registry."""

from __future__ import annotations

_KEPT = ("Når du fullfører et kurs i et kursløp (for eksempel KlinObs Trinn 1–3), lagrer vi at "
         "du har fullført trinnet: navn, e-post, kommune, kurs og dato, og koden til "
         "kursbeviset. Det trengs for at du skal kunne melde deg på neste trinn, for at "
         "kursbeviset ditt kan kontrolleres, og for instruktørregisteret som arrangørene "
         "bruker til å nå instruktørene i kommunene. Derfor lagres dette lenger enn selve "
         "påmeldingen: i %(num)s år etter at kurset ble fullført, også etter at påmeldingen "
         "er anonymisert. Deretter slettes det.")
_KEPT_EN = ("When you complete a course in a course track (for example KlinObs levels 1–3), "
            "we keep that you completed the level: name, e-mail, municipality, course and "
            "date, and the code of the course certificate. This is needed so you can register "
            "for the next level, so your certificate can be verified, and for the instructor "
            "registry the organisers use to reach the instructors in the municipalities. It is "
            "therefore kept longer than the registration itself: for %(num)s year(s) after the "
            "course was completed, also after the registration has been anonymised. Then it "
            "is deleted.")

EN: dict[str | tuple[str, str], str | tuple[str, str]] = {
    "Sluppet inn uten fullført forrige trinn": "Let in without the previous level completed",
    "Kursløp og kursbevis endret": "Course track and certificate changed",
    "Kurs fullført (oppmøte på alle dager)": "Course completed (attended every day)",
    "Registrert som fullført av arrangør": "Marked completed by an organiser",
    "Kursbevis trukket tilbake": "Course certificate withdrawn",
    "Eksport av kursbevis": "Export of course certificates",
    "Eksport av instruktørregisteret": "Export of the instructor registry",
    "Melding sendt til instruktører": "Message sent to instructors",
    "Skriv en begrunnelse.": "Write a reason.",
    "Kursløp og trinn": "Course track and level",
    "Krever fullført trinnet under": "Requires the level below completed",
    "Underskriver på kursbeviset (navn og tittel)": "Signer of the certificate (name and title)",
    "Høyst 200 tegn.": "At most 200 characters.",
    "Ikke et kurs i et kursløp": "Not a course in a course track",
    "Velg et trinn fra listen.": "Choose a level from the list.",
    "Høyst 500 tegn.": "At most 500 characters.",
    "Kortnavn (brukes i API-et)": "Short name (used in the API)",
    "Skriv et kortnavn.": "Write a short name.",
    "Høyst 40 tegn.": "At most 40 characters.",
    "Bare små bokstaver a–z, tall og bindestrek, og start med en bokstav.":
        "Only lower-case letters a–z, digits and hyphens, starting with a letter.",
    "Skriv et navn.": "Write a name.",
    "Høyst 120 tegn.": "At most 120 characters.",
    "Kursløp": "Course tracks",
    "Trinn (1, 2, 3 …)": "Level (1, 2, 3 …)",
    "Skriv et helt tall fra 1 til 20.": "Write a whole number from 1 to 20.",
    "Navn på trinnet": "Name of the level",
    "Velg et kursløp fra listen.": "Choose a course track from the list.",
    "Skriv et emne.": "Write a subject.",
    "Skriv en melding.": "Write a message.",
    "Høyst 5000 tegn.": "At most 5000 characters.",
    "Fant ikke deltakeren.": "Participant not found.",
    "Arrangementet er ikke et kurs i et kursløp.": "The event is not a course in a course track.",
    "Bare bekreftede deltakere kan fullføre kurset.":
        "Only confirmed participants can complete the course.",
    "Deltakeren har allerede et kursbevis for dette kurset.":
        "The participant already has a certificate for this course.",
    "Fant ikke kursbeviset.": "Course certificate not found.",
    "Kursbeviset er allerede trukket tilbake.": "The certificate has already been withdrawn.",
    "Dette kurset krever fullført %(course)s. Vi finner ikke at e-postadressen har fullført "
    "det, så du må ta det kurset først.":
        "This course requires %(course)s completed. We find no completion for this e-mail "
        "address, so you must take that course first.",
    "Neste kurs: %(title)s, %(when)s.": "Next course: %(title)s, %(when)s.",
    "Neste kurs: %(title)s, %(when)s": "Next course: %(title)s, %(when)s",
    "Ukjent kommunenummer.": "Unknown municipality number.",
    "Ukjent kursløp.": "Unknown course track.",
    "Trinn må være et helt tall fra 1 til 20.": "The level must be a whole number from 1 to 20.",
    "Ingen instruktører passer filteret, så meldingen ble ikke sendt.":
        "No instructors match the filter, so the message was not sent.",
    "Meldingen er lagt i utboksen til %(n)s instruktører.":
        "The message is in the outbox for %(n)s instructors.",
    "Det finnes allerede et kursløp med dette kortnavnet.":
        "A course track with this short name already exists.",
    "Kursløpet er lagt til.": "The course track has been added.",
    "Kursløpet har allerede dette trinnet.": "The course track already has this level.",
    "Trinnet er lagt til.": "The level has been added.",
    "Kursinnstillingene er lagret.": "The course settings are saved.",
    "Fullføring registreres når kurset er over, for kurs i et kursløp.":
        "Completion is recorded when the course is over, for courses in a course track.",
    "%(n)s deltakere er registrert som fullført.": "%(n)s participants recorded as completed.",
    "Registrert som fullført. Kursbeviset er sendt på e-post.":
        "Marked completed. The certificate has been sent by e-mail.",
    "Kursbeviset er trukket tilbake.": "The certificate has been withdrawn.",
    "Dette kurset krever et fullført kurs på trinnet under.":
        "This course requires a completed course at the level below.",
    "Instruktører": "Instructors",
    "Kurs med trinn og kursbevis": "Courses with levels and certificates",
    (_KEPT, _KEPT): (_KEPT_EN, _KEPT_EN),
    "Siden som kontrollerer et kursbevis, viser bare navn, kurs og dato. Ber du om å bli "
    "slettet, slettes også kursbevisene dine.":
        "The page that verifies a certificate shows only name, course and date. If you ask "
        "to be erased, your certificates are erased too.",
    "Kursbevis": "Course certificate",
    "Dette bekrefter at": "This confirms that",
    "har fullført": "has completed",
    "Omfang": "Scope",
    "%(hours)s timer": "%(hours)s hours",
    "Underskrevet av": "Signed by",
    "Kode": "Code",
    "Kontroll": "Verification",
    "Last ned som PDF": "Download as PDF",
    "Kurs og kursbevis": "Course and certificates",
    "Står på kursbeviset, f.eks. «Kari Hansen, fagansvarlig».":
        "Printed on the certificate, e.g. “Kari Hansen, professional lead”.",
    "Fullføring": "Completion",
    "En deltaker har fullført når hen har møtt på alle dagene (sjekket inn, deltatt digitalt "
    "eller registrert for hånd). Fullføringen registreres automatisk når kurset er over, og "
    "kursbeviset sendes på e-post.":
        "A participant has completed when they attended every day (checked in, joined "
        "digitally or marked by hand). Completion is recorded automatically when the course "
        "is over, and the certificate is sent by e-mail.",
    "Registrer fullføring etter oppmøtet nå": "Record completion from attendance now",
    "Last ned alle kursbevis (zip)": "Download all certificates (zip)",
    "Handling": "Action",
    "for hånd": "by hand",
    "Trukket tilbake %(when)s": "Withdrawn %(when)s",
    "Begrunnelse for å registrere %(name)s som fullført":
        "Reason for marking %(name)s as completed",
    "Registrer som fullført og send kursbevis": "Mark completed and send certificate",
    "Begrunnelse for å trekke tilbake kursbeviset til %(name)s":
        "Reason for withdrawing the certificate of %(name)s",
    "Ingen bekreftede deltakere.": "No confirmed participants.",
    "Instruktørregisteret": "Instructor registry",
    "Alle som har fullført et trinn i et kursløp, med høyeste trinn. Filteret «trinn» viser "
    "dem som har fullført minst det trinnet.":
        "Everyone who completed a level in a course track, with their highest level. The "
        "“level” filter shows those who completed at least that level.",
    "Filtrer instruktører": "Filter instructors",
    "Minst trinn": "At least level",
    "Last ned som Excel": "Download as Excel",
    ("%(num)s instruktør", "%(num)s instruktører"): ("%(num)s instructor", "%(num)s instructors"),
    "Høyeste trinn": "Highest level",
    "Fullført": "Completed",
    "Trinn %(n)s": "Level %(n)s",
    "Ingen instruktører passer filteret.": "No instructors match the filter.",
    "Send melding til instruktørene i listen": "Send a message to the instructors in the list",
    "Send til %(n)s": "Send to %(n)s",
    "Kursløp med trinn som bygger på hverandre. Et arrangement settes på et trinn fra "
    "arrangementets side «Kurs og kursbevis».":
        "Course tracks with levels that build on each other. An event is placed on a level "
        "from the event's page “Course and certificates”.",
    "ingen trinn ennå": "no levels yet",
    "Nytt kursløp": "New course track",
    "Legg til kursløp": "Add course track",
    "Nytt trinn": "New level",
    "Legg til trinn": "Add level",
    "Kontroll av kursbevis": "Certificate verification",
    "Gyldig.": "Valid.",
    "Kursbeviset er utstedt av %(centre)s.": "The certificate was issued by %(centre)s.",
    "Trukket tilbake.": "Withdrawn.",
    "Kursbeviset er ikke lenger gyldig.": "The certificate is no longer valid.",
    "Kurs": "Course",
    "Kurset krever fullført %(course)s. Vi sjekker det mot e-postadressen du melder deg på "
    "med.":
        "The course requires %(course)s completed. We check it against the e-mail address "
        "you register with.",
    "Slipp inn uten fullført %(course)s (f.eks. sertifisert et annet sted). Det logges.":
        "Let in without %(course)s completed (e.g. certified elsewhere). This is logged.",
    "Du har fullført kurset.": "You have completed the course.",
    "Last ned kursbeviset (PDF)": "Download the certificate (PDF)",
    "Kursbeviset som nettside": "The certificate as a web page",
}
