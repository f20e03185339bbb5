"""English for the mail pages: one-click opt-out, bouncing addresses (issue 19)."""

EN = {
    "påminnelser før arrangementet": "reminders before the event",
    "invitasjoner og påminnelser om evaluering": "evaluation invitations and reminders",
    "meldinger fra arrangøren": "messages from the organiser",
    "Slutt å få e-post av en type": "Stop one kind of e-mail",
    "Du får ikke flere %(what)s for %(title)s": "You will get no more %(what)s for %(title)s",
    "Påmeldingen din gjelder fortsatt. Bekreftelser, endringer og avlysninger får du som "
    "før.": "Your registration still stands. You will still get confirmations, changes and "
    "cancellations.",
    "Kalender": "Calendar",
    "økt %(n)s av %(of)s": "session %(n)s of %(of)s",
    "Slutt å få %(what)s?": "Stop getting %(what)s?",
    "Gjelder påmeldingen din til %(title)s. Påmeldingen gjelder fortsatt: du får fortsatt "
    "bekreftelser, endringer og avlysninger.": "This is about your registration for "
    "%(title)s. The registration still stands: you will still get confirmations, changes "
    "and cancellations.",
    "Slutt å sende meg %(what)s": "Stop sending me %(what)s",
    "E-postadressen avvises": "E-mail address bounces",
    "E-post til %(email)s kommer ikke fram: mottakerens e-postserver avviser adressen. Sjekk "
    "at adressen er riktig. Er den feil, ta kontakt med arrangøren på %(centre)s, som kan "
    "rette den.": "E-mail to %(email)s does not arrive: the receiving mail server refuses "
    "the address. Check that the address is right. If it is wrong, contact the organiser at "
    "%(centre)s, who can correct it.",
    "Avsluttet e-post av en type (avmeldingslenke i e-posten)": "Stopped one kind of e-mail "
    "(opt-out link in the e-mail)",
    "E-postadressen ble avvist av mottakerens e-postserver": "The e-mail address was refused "
    "by the receiving mail server",
}
