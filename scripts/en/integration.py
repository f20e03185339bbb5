"""English for text that came from merging features (mail layout, ticket, opt-out)."""

EN = {
    "Vil du ikke ha %(what)s for dette arrangementet? Slutt å sende meg slike e-poster "
    "(påmeldingen gjelder fortsatt): %(url)s":
        "Don't want %(what)s for this event? Stop sending me such e-mails (the registration "
        "still stands): %(url)s",
    "Kalenderen får én avlysning per økt: denne e-posten fjerner den første økten, og "
    "%(more)s til kommer i egne e-poster.":
        "Your calendar gets one cancellation per session: this e-mail removes the first "
        "session, and %(more)s more come in their own e-mails.",
    "Kalenderen får én invitasjon per økt, slik at alle kalenderprogrammer viser alle "
    "øktene: denne e-posten har den første, og %(more)s til kommer i egne e-poster.":
        "Your calendar gets one invitation per session, so that every calendar program shows "
        "every session: this e-mail has the first, and %(more)s more come in their own "
        "e-mails.",
    "Billetten din": "Your ticket",
    "Vis QR-koden i døra, på telefonen eller utskrevet. Koden i bokstaver:":
        "Show the QR code at the door, on your phone or printed. The code in letters:",
    "Sted: %(places)s.": "Place: %(places)s.",
    "Ta med billetten og legitimasjon med bilde hvis du blir spurt. Kommer du for sent, "
    "sjekker vi deg inn på navnet ditt.":
        "Bring the ticket, and photo ID in case you are asked. If you come late, we check "
        "you in by your name.",
    "Åpne billetten for utskrift": "Open the ticket for printing",
    "Her velger hver deltaker sine egne økter, så gruppepåmelding er ikke mulig. Meld på én "
    "og én fra arrangementssiden.":
        "Here each participant chooses their own sessions, so group registration is not "
        "possible. Register people one by one from the event page.",
}
