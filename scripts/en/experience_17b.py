"""English for issue 17b: the door's next steps, messages, demo, mail and calendar."""

EN: dict[str | tuple[str, str], str | tuple[str, str]] = {
    "Meld deg på igjen": "Register again",
    "Ikke sendt ennå. Slik ser meldingen ut hvis den sendes nå; innholdet lages på nytt når "
    "den sendes.": "Not sent yet. This is how the message looks if it is sent now; the "
                   "content is made again when it is sent.",
    "Kalenderinvitasjon": "Calendar invite",
    # The door
    "Bytt til fysisk og sjekk inn": "Switch to in person and check in",
    "Meld på igjen og sjekk inn": "Register again and check in",
    "Nummer %(pos)s på ventelisten.": "Number %(pos)s on the waiting list.",
    "Det gikk ikke: det er ingen ledig plass i salen lenger, eller påmeldingen er endret. "
    "Søk på navnet igjen.": "That did not work: there is no free seat in the room any more, "
                            "or the registration has changed. Search for the name again.",
    # Evaluations before the end
    "Arrangementet er ikke ferdig ennå.": "The event has not ended yet.",
    "Sende evalueringen før arrangementet er ferdig?":
        "Send the evaluation before the event has ended?",
    "Tilbake til evalueringen": "Back to the evaluation",
    "%(title)s slutter %(when)s.": "%(title)s ends %(when)s.",
    "Sender du invitasjonen nå, låses skjemaet: spørsmålene og anonymiteten kan ikke endres "
    "etterpå. De som får den, blir spurt om noe som ikke er over ennå.":
        "If you send the invitation now, the questionnaire is locked: the questions and the "
        "anonymity cannot be changed afterwards. Those who get it are asked about something "
        "that is not over yet.",
    "Send nå og lås skjemaet": "Send now and lock the questionnaire",
    # Organiser messages
    "Bare fysisk oppmøte": "In person only",
    "Bare digitalt": "Online only",
    "Alle økter": "All sessions",
    "Bare de som kom": "Only those who came",
    "Bare de som ikke kom": "Only those who did not come",
    "En testmelding er sendt til %(email)s.": "A test message has been sent to %(email)s.",
    "Antallet mottakere har endret seg siden forhåndsvisningen. Se over og send igjen.":
        "The number of recipients has changed since the preview. Check it and send again.",
    "Hvem skal få meldingen?": "Who gets the message?",
    "«Hei navn,» og «Hilsen» legges til automatisk, med mindre du skriver din egen hilsen.":
        "«Hi name,» and a sign-off are added automatically, unless you write your own.",
    "Forhåndsvisning": "Preview",
    ("Meldingen går til %(num)s person.", "Meldingen går til %(num)s personer."):
        ("The message goes to %(num)s person.", "The message goes to %(num)s people."),
    "Forhåndsvis og tell mottakere": "Preview and count recipients",
    "Oppdater forhåndsvisningen": "Update the preview",
    ("Send til %(num)s person", "Send til %(num)s personer"):
        ("Send to %(num)s person", "Send to %(num)s people"),
    "Send en test til meg": "Send a test to me",
    # The mode-switch mail
    "Du deltar nå fysisk": "You now take part in person",
    "Du deltar nå digitalt": "You now take part online",
    "Hei %(name)s,": "Hi %(name)s,",
    "du deltar nå fysisk på %(title)s.": "you now take part in %(title)s in person.",
    "du deltar nå digitalt på %(title)s.": "you now take part in %(title)s online.",
    "Vis denne billetten i døra:": "Show this ticket at the door:",
    "QR-kode for billett %(code)s": "QR code for ticket %(code)s",
    "Den vedlagte kalenderinvitasjonen oppdaterer oppføringen i kalenderen din.":
        "The attached calendar invite updates the entry in your calendar.",
    "Billetten din (QR-koden er vedlagt) har koden %(code)s. Vis den i døra.":
        "Your ticket (the QR code is attached) has the code %(code)s. Show it at the door.",
    "Se, endre eller meld deg av:": "See, change or cancel:",
    "Hilsen": "Regards",
    # Shared mail pieces (followed by force_locale in every mail)
    "Se, endre eller meld deg av": "See, change or cancel",
    "digitalt": "online",
    "bli med": "join",
    "Svar på evalueringen": "Answer the evaluation",
    "Du kan svare til og med %(when)s.": "You can answer until %(when)s.",
    "Lenken er personlig og kan brukes én gang.": "The link is personal and can be used once.",
    "Svarene er anonyme: de lagres uten navnet ditt.":
        "The answers are anonymous: they are stored without your name.",
    "Legg til i kalender": "Add to calendar",
    "(åpnes i ny fane)": "(opens in a new tab)",
    # The door offline and in scan mode
    "Deltakerlisten er lagret på enheten ({n} billetter).":
        "The participant list is stored on this device ({n} tickets).",
    "{name} var allerede sjekket inn kl. {time} ({by}). Den første innsjekkingen gjelder.":
        "{name} was already checked in at {time} ({by}). The first check-in counts.",
    "Listen kan bare lastes ned mens økten pågår.":
        "The list can only be downloaded while the session is on.",
    "Avslutt skanning": "Stop scanning",
    "Ved inngangen har telefonen eller nettbrettet til den som sjekker inn, en liste over "
    "deltakerne i økten (navn, kommune og om du er sjekket inn), slik at innsjekkingen virker "
    "uten nett. Listen slettes fra enheten når økten er over og når vedkommende logger ut.":
        "At the door, the phone or tablet of the person checking in holds a list of the "
        "session's participants (name, kommune and whether you are checked in), so that "
        "check-in works without a network. The list is deleted from the device when the "
        "session is over and when that person signs out.",
}
