"""English for issue 17b: the door's next steps, messages, demo, mail and calendar."""

EN = {
    "Meld deg på igjen": "Register again",
    "Ikke sendt ennå. Slik ser meldingen ut hvis den sendes nå; innholdet lages på nytt når "
    "den sendes.": "Not sent yet. This is how the message looks if it is sent now; the "
                   "content is made again when it is sent.",
    "Kalenderinvitasjon": "Calendar invite",
}
