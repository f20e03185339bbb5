"""English for issue 17a: error summaries, the kommune combobox, searches, exports, charts."""

EN = {
    "Feil": "Error",
    "Jobber ikke i en kommune": "Not working in a municipality",
    "Vår region": "Our region",
    "Alle andre kommuner": "All other municipalities",
    "Ingen kommune passer. Prøv et annet navn, eller velg «Jobber ikke i en kommune».":
        "No municipality matches. Try another name, or choose «Not working in a municipality».",
    "Kommunen du jobber i. Skriv for å søke. Jobber du ikke i en kommune (stat, privat, "
    "student, pårørende), velg «Jobber ikke i en kommune» og skriv arbeidsstedet nedenfor.":
        "The municipality you work in. Type to search. If you do not work in a municipality "
        "(state, private, student, relative), choose «Not working in a municipality» and "
        "write your workplace below.",
    "Ingen treff. Sjekk stavemåten, eller søk på e-post eller kommune.":
        "No matches. Check the spelling, or search by e-mail or municipality.",
    "Ingen treff. Sjekk stavemåten, eller søk på etternavnet.":
        "No matches. Check the spelling, or search by surname.",
    "Tittel, sted, tema eller ord fra beskrivelsen.":
        "Title, place, topic or words from the description.",
    "Flere filtre": "More filters",
    "i bruk": "in use",
    "Bruk filtrene": "Apply the filters",
    "Vis hvem som har sjekket inn (signaturlisten)": "Show who has checked in (sign-in sheet)",
    "Signaturlisten og navneskiltene gjelder dem som deltar fysisk, med mindre du velger noe "
    "annet over. Signaturlisten er sortert etter etternavn.":
        "The sign-in sheet and the name badges are for those attending in person, unless you "
        "choose otherwise above. The sign-in sheet is sorted by surname.",
    "Navneskilt (PDF, 8 per A4)": "Name badges (PDF, 8 per A4)",
    "%(name)s er nå nr. %(n)s på ventelisten.": "%(name)s is now no. %(n)s on the waiting list.",
    "Demensplan": "Dementia plan",
    "Lindrende behandling": "Palliative care",
    "Bo trygt hjemme": "Living safely at home",
    "Kompetanse og fagutvikling": "Competence and professional development",
    "Legemiddelhåndtering": "Medicines management",
    "Ernæring": "Nutrition",
    "Ledelse": "Leadership",
    "Psykisk helse": "Mental health",
    "Pasientsikkerhet": "Patient safety",
    "åpnes i ny fane": "opens in a new tab",
    "Ingen kommende arrangementer.": "No upcoming events.",
    "Vis på nettsiden deres": "Show on your website",
    "Lim inn dette i nettsiden til senteret, så vises arrangementet med ledige plasser og en "
    "knapp for påmelding. Rammen tilpasser høyden selv.":
        "Paste this into the centre's website to show the event with seats left and a "
        "registration button. The frame adjusts its own height.",
    "Dette arrangementet": "This event",
    "Alle kommende av samme type": "All upcoming of the same kind",
}
