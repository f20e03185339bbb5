"""English for the yearly report, the kommune page, past events and satsingsområder."""

EN = {
    "Eksport av årsrapport": "Yearly report exported",
    "Satsingsområde lagret": "Priority area saved",
    "Fagdag/workshop": "Professional day/workshop",
    "Informasjonsmøte": "Information meeting",
    "Velg blant satsingsområdene som vises.": "Choose among the priority areas shown.",
    "Satsingsområder": "Priority areas",
    "Satsingsområdet er lagt til.": "The priority area has been added.",
    "Skriv inn et navn.": "Enter a name.",
    "Gjelder fra år": "Valid from year",
    "Skriv inn året det gjelder fra.": "Enter the year it is valid from.",
    "Velg et år fra %(first)s til %(last)s.": "Choose a year from %(first)s to %(last)s.",
    "Gjelder til og med år (tomt = fortsatt)": "Valid up to and including year "
                                              "(empty = still valid)",
    "Sluttåret kan ikke være før startåret.": "The last year cannot be before the first.",
    "Det finnes alt et satsingsområde som heter «%(name)s».":
        "There is already a priority area called “%(name)s”.",
    "Året må være et årstall fra %(first)s til %(last)s.":
        "The year must be a year from %(first)s to %(last)s.",
    "Årsrapport": "Yearly report",
    "Tidligere arrangementer": "Past events",
    "Ingen satsingsområder er lagt inn ennå.": "No priority areas have been added yet.",
    "Kommende arrangementer": "Upcoming events",
    "Tidligere arrangementer med oppmøte og evaluering":
        "Past events with attendance and evaluation",
    "Startet": "Started",
    "Påmeldte": "Registered",
    "Møtt": "Attended",
    "møtt: se oppmøtet": "attended: see the attendance",
    "resultater for %(title)s": "results for %(title)s",
    "Ingen tidligere arrangementer.": "No past events.",
    "De årlige nasjonale satsingsområdene et arrangement kan høre til. Arrangørene kan velge "
    "de som gjelder i år eller senere; årsrapporten teller hvert arrangement under hvert av "
    "sine satsingsområder.":
        "The yearly national priority areas an event can belong to. Organisers can choose "
        "those valid this year or later; the yearly report counts each event under each of "
        "its priority areas.",
    "Arrangementer": "Events",
    "utgått": "expired",
    "Endre": "Change",
    "Nytt satsingsområde": "New priority area",
    "Deltakelse fra kommunen over årene: bekreftede påmeldinger, hvor mange som møtte, og "
    "ulike personer.":
        "Participation from the municipality over the years: confirmed registrations, how "
        "many attended, and distinct persons.",
    "Per år": "Per year",
    "Deltakelse per år": "Participation per year",
    "Personer": "Persons",
    "Ingen fra kommunen har vært påmeldt ennå.":
        "Nobody from the municipality has registered yet.",
    "Per type": "Per type",
    "Per satsingsområde": "Per priority area",
    "Ingenting å vise ennå.": "Nothing to show yet.",
    "Påmeldte fra kommunen": "Registered from the municipality",
    "Ingen.": "None.",
    "Årsrapport %(year)s": "Yearly report %(year)s",
    "publiserbar": "publishable",
    "publiserbar versjon": "publishable version",
    "Last ned (Excel)": "Download (Excel)",
    "Last ned (CSV)": "Download (CSV)",
    "Full versjon": "Full version",
    "Publiserbar versjon": "Publishable version",
    "Til nettsiden eller årsmeldingen: ingen personer, og alle tall under 5 vises som «<5». "
    "Der en sum ellers ville avsløre et skjult tall, er også et annet tall skjult.":
        "For the website or the annual report: no persons, and every count under 5 is shown "
        "as “<5”. Where a total would otherwise reveal a hidden count, another count is "
        "hidden too.",
    "Et arrangement hører til året og måneden den første økten starter. Påmeldte er "
    "bekreftede påmeldinger (ikke avmeldte eller på venteliste); møtt er de som var til "
    "stede på minst én økt.":
        "An event belongs to the year and month its first session starts. Registered are "
        "confirmed registrations (not cancelled or waitlisted); attended are those present "
        "at one session or more.",
    "Totalt for %(year)s": "Totals for %(year)s",
    "Endring": "Change",
    "Aktiviteter gjennomført": "Activities held",
    "Ulike personer": "Distinct persons",
    "Per kommune": "Per municipality",
    "%(reached)s av %(total)s kommuner nådd": "%(reached)s of %(total)s municipalities reached",
    "Påmeldte (møtt) per kommune i regionen":
        "Registered (attended) per municipality in the region",
    "Påmeldte, møtt og personer per kommune":
        "Registered, attended and persons per municipality",
    "Påmeldte %(year)s": "Registered %(year)s",
    "Utenfor regionen": "Outside the region",
    "Ikke i en kommune": "Not in a municipality",
    "påmeldte (møtt)": "registered (attended)",
    "Ingen arrangementer dette året.": "No events this year.",
    "Et arrangement med flere satsingsområder telles under hvert av dem.":
        "An event with several priority areas is counted under each of them.",
    "Per stilling": "Per role",
    "Per måned": "Per month",
    "Siste nedlastinger av rapporten": "Latest downloads of the report",
    "gjaldt til %(year)s": "valid until %(year)s",
}
