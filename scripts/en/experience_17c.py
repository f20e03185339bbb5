"""English for issue 17 (second round): the embedded registration form, English e-mails of the
newer kinds, phone layout."""

EN: dict[str, str] = {
    "Skjemaet kan bare sendes fra påmeldingssiden selv.":
        "The form can only be sent from the registration page itself.",
    "Skjemaet var for gammelt til å bli sendt. Se over det du har skrevet, og send det en "
    "gang til.":
        "The form was too old to be sent. Check what you typed and send it again.",
    "Du står på venteliste": "You are on the waiting list",
    "Hvis noen melder seg av, får du plassen automatisk.":
        "If someone cancels, you get the seat automatically.",
    "Vi har sendt en bekreftelse til %(email)s.": "We have sent a confirmation to %(email)s.",
    "Se påmeldingen din": "See your registration",
    "der kan du endre eller melde deg av. Lenken er personlig.":
        "there you can change or cancel it. The link is personal.",
    "Lim inn dette i nettsiden til senteret, så vises arrangementet med ledige plasser og en "
    "knapp for påmelding, eller selve påmeldingsskjemaet. Rammen tilpasser høyden selv.":
        "Paste this into the centre's website to show the event with seats left and a "
        "registration button, or the registration form itself. The frame adjusts its own "
        "height.",
    "Påmeldingsskjemaet til dette arrangementet": "The registration form of this event",
}
