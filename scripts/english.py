"""English translations of the interface (source strings are Norwegian bokmål).

Run `make translations` after changing interface text: it extracts the strings, fills
registration/translations/en from this table, compiles the .mo, and lists what is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent

EN: dict[str | tuple[str, str], str | tuple[str, str]] = {
    "Fant ikke arrangementet.": "Event not found.",
    "Påmeldingen har ikke åpnet ennå.": "Registration has not opened yet.",
    "Påmeldingsfristen har gått ut.": "The registration deadline has passed.",
    "Arrangementet har allerede startet eller er over.": "The event has already started or is over.",
    "Arrangementet er avlyst.": "The event is cancelled.",
    "Det er ingen ledige plasser, og arrangementet har ikke venteliste.":
        "There are no free seats, and the event has no waiting list.",
    "Du er allerede påmeldt dette arrangementet med denne e-postadressen.":
        "You are already registered for this event with this e-mail address.",
    "Denne deltakelsesformen tilbys ikke for arrangementet.":
        "This way of taking part is not offered for the event.",
    "Påmeldingen er allerede avmeldt.": "The registration is already cancelled.",
    "Fristen for å melde seg av har gått ut. Ta kontakt med arrangøren.":
        "The cancellation deadline has passed. Please contact the organiser.",
    "Du er allerede påmeldt med denne deltakelsesformen.":
        "You are already registered this way.",
    "Det er ingen ledige plasser for den deltakelsesformen.":
        "There are no free seats for that way of taking part.",
    "Sykepleier": "Nurse", "Helsefagarbeider": "Health worker",
    "Vernepleier": "Social educator", "Ergoterapeut": "Occupational therapist",
    "Fysioterapeut": "Physiotherapist", "Lege": "Doctor", "Leder": "Manager",
    "Ufaglært": "Unskilled worker", "Annet": "Other",
    "Fysisk oppmøte": "In person", "Digitalt": "Online", "digitalt": "online",
    "og digitalt": "and online",
    "Ugyldig verdi.": "Invalid value.",
    "Skriv inn navnet ditt.": "Enter your name.",
    "Navnet kan ha høyst %(n)s tegn.": "The name can have at most %(n)s characters.",
    "Navnet kan ikke inneholde linjeskift eller kontrolltegn.":
        "The name cannot contain line breaks or control characters.",
    "Navnet kan bare inneholde bokstaver, mellomrom, bindestrek og apostrof.":
        "The name can only contain letters, spaces, hyphens and apostrophes.",
    "Skriv inn både fornavn og etternavn.": "Enter both first name and last name.",
    "Skriv inn e-postadressen din.": "Enter your e-mail address.",
    "Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no.":
        "Enter a valid e-mail address, for example name@kommune.no.",
    "Skriv inn mobilnummeret ditt.": "Enter your mobile number.",
    "Skriv inn et gyldig mobilnummer, for eksempel 912 34 567.":
        "Enter a valid mobile number, for example 912 34 567.",
    "Nummeret ser ikke ut som et mobilnummer.": "That does not look like a mobile number.",
    "Velg kommunen du jobber i.": "Choose the municipality you work in.",
    "Velg en kommune fra listen (ukjent kommunenummer).":
        "Choose a municipality from the list (unknown municipality number).",
    "Skriv inn arbeidsstedet ditt.": "Enter your workplace.",
    "Arbeidssted kan ha høyst %(n)s tegn.": "The workplace can have at most %(n)s characters.",
    "Arbeidssted kan ikke inneholde linjeskift eller kontrolltegn.":
        "The workplace cannot contain line breaks or control characters.",
    "Arbeidssted kan ikke inneholde tegnene < og >.":
        "The workplace cannot contain the characters < and >.",
    "Velg stillingen din.": "Choose your role.",
    "Velg en stilling fra listen.": "Choose a role from the list.",
    "Velg om du deltar fysisk eller digitalt.": "Choose whether you take part in person or online.",
    "Velg fysisk eller digitalt.": "Choose in person or online.",
    "Kostbehov kan ha høyst %(n)s tegn.": "Dietary needs can have at most %(n)s characters.",
    "Kostbehov kan ikke inneholde kontrolltegn.": "Dietary needs cannot contain control characters.",
    "Velg kommune": "Choose municipality", "Fullt navn": "Full name", "E-post": "E-mail",
    "Mobilnummer": "Mobile number", "Kommune": "Municipality", "Arbeidssted": "Workplace",
    "Stilling": "Role", "Hvordan vil du delta?": "How will you take part?",
    "Allergier eller spesielle kostbehov (valgfritt)": "Allergies or special dietary needs (optional)",
    "Jeg samtykker til at arrangøren bruker opplysningene om kostbehov til å bestille mat, "
    "og at de slettes etter arrangementet.":
        "I consent to the organiser using my dietary information to order food, "
        "and to its deletion after the event.",
    "Jeg har lest personvernerklæringen og godtar at opplysningene brukes til å "
    "gjennomføre arrangementet.":
        "I have read the privacy notice and agree that the information is used to run the event.",
    "Velg stilling": "Choose role",
    "Kryss av for samtykke hvis du vil oppgi kostbehov, eller la feltet stå tomt.":
        "Tick the consent box if you want to give dietary needs, or leave the field empty.",
    "Du må godta personvernerklæringen for å melde deg på.":
        "You must accept the privacy notice to register.",
    "Ny deltakelsesform": "New way of taking part",
    "Skjemaet ble ikke sendt fordi økten var utløpt. Send det en gang til.":
        "The form was not sent because the session had expired. Please send it again.",
    "Du er meldt av. Takk for at du sa fra!": "You are unregistered. Thank you for letting us know!",
    "Skjemaet ble ikke sendt fordi økten var utløpt. Prøv igjen.":
        "The form was not sent because the session had expired. Please try again.",
    "Deltakelsesformen er endret til %(mode)s.": "You now take part: %(mode)s.",
    "Du står nå på venteliste for %(mode)s som nummer %(pos)s.":
        "You are now number %(pos)s on the waiting list for %(mode)s.",
    "Påmelding": "Registration", "Hopp til hovedinnhold": "Skip to main content",
    "Språk": "Language", "Personvern": "Privacy", "Fant ikke siden": "Page not found",
    "Noe gikk galt": "Something went wrong", "Det gikk ikke": "That did not work",
    "Denne adressen kan ikke brukes slik.": "This address cannot be used like that.",
    "Forespørselen kunne ikke behandles. Gå tilbake og prøv igjen.":
        "The request could not be handled. Go back and try again.",
    "Vi beklager. Prøv igjen om litt.": "We are sorry. Please try again in a little while.",
    "Siden finnes ikke, eller lenken er feil. Sjekk adressen, eller gå til oversikten over "
    "arrangementer.":
        "The page does not exist, or the link is wrong. Check the address, or go to the "
        "list of events.",
    "Til alle arrangementer": "To all events", "Ledige plasser": "Seats available",
    ("%(num)s ledig plass", "%(num)s ledige plasser"): ("%(num)s seat left", "%(num)s seats left"),
    "Fullt – venteliste": "Full – waiting list", "Fullt": "Full",
    "Meld av": "Unregister", "Vil du melde deg av %(title)s?": "Unregister from %(title)s?",
    "Plassen din går til den første på ventelisten. Du kan melde deg på igjen senere hvis det "
    "er ledige plasser.":
        "Your seat goes to the first person on the waiting list. You can register again "
        "later if there are free seats.",
    "Ja, meld meg av": "Yes, unregister me", "Nei, gå tilbake": "No, go back",
    "Alle arrangementer": "All events",
    ("Tid og sted", "Økter, tid og sted"): ("Time and place", "Sessions, time and place"),
    "Plasser": "Seats", "av %(n)s": "of %(n)s",
    ("%(num)s på venteliste", "%(num)s på venteliste"):
        ("%(num)s on the waiting list", "%(num)s on the waiting list"),
    "Påmeldingsfrist:": "Registration deadline:",
    "Frist for å melde seg av:": "Cancellation deadline:",
    "Om arrangementet": "About the event", "Meld deg på": "Register",
    "Det er fullt. Meld deg på ventelisten, så får du plass automatisk hvis noen melder seg av.":
        "The event is full. Join the waiting list and you get a seat automatically if "
        "someone cancels.",
    "Rett opp dette før du sender:": "Please correct this before sending:",
    "For eksempel 912 34 567.": "For example 912 34 567.",
    "Kommunen du jobber i.": "The municipality you work in.",
    "For eksempel Kvaløysletta sykehjem.": "For example Kvaløysletta nursing home.",
    "Mat": "Food",
    "Det serveres mat. Opplysninger om allergier og kostbehov er helseopplysninger: de er "
    "frivillige, vises bare for dem som bestiller maten, og slettes etter arrangementet.":
        "Food is served. Allergies and dietary needs are health data: they are optional, "
        "shown only to those who order the food, and deleted after the event.",
    "Les personvernerklæringen": "Read the privacy notice",
    "Meld på venteliste": "Join the waiting list", "Meld meg på": "Register me",
    "Kurs og konferanser": "Courses and conferences",
    "Kurs, konferanser og webinarer": "Courses, conferences and webinars",
    "Meld deg på arrangementer for ansatte i helse- og omsorgstjenestene i kommunene.":
        "Register for events for staff in the municipal health and care services.",
    "Finn arrangement": "Find an event", "Søk": "Search", "Type": "Type",
    "Alle typer": "All types", "Satsingsområde": "Topic", "Alle områder": "All topics",
    "Måned": "Month", "Alle måneder": "All months", "Deltakelse": "Participation",
    "Fysisk og digitalt": "In person and online", "Vis arrangementer": "Show events",
    ("%(num)s arrangement", "%(num)s arrangementer"): ("%(num)s event", "%(num)s events"),
    ("%(num)s økt", "%(num)s økter"): ("%(num)s session", "%(num)s sessions"),
    "Ingen arrangementer passer til søket.": "No events match the search.",
    "Vis alle": "Show all", "Din påmelding": "Your registration",
    "Du er påmeldt!": "You are registered!",
    "Lenken til denne siden er personlig: bokmerk den. Her kan du se, endre eller melde deg av.":
        "The link to this page is personal: bookmark it. Here you can see, change or "
        "cancel your registration.",
    "Du står på venteliste som nummer %(pos)s": "You are number %(pos)s on the waiting list",
    "Hvis noen melder seg av, får du plassen automatisk. Lenken til denne siden er personlig: "
    "bokmerk den.":
        "If someone cancels, you get the seat automatically. The link to this page is "
        "personal: bookmark it.",
    "Status": "Status", "Påmeldt": "Registered", "Venteliste": "Waiting list",
    "Du er nummer %(pos)s i køen for %(mode)s.": "You are number %(pos)s in line for %(mode)s.",
    "Avmeldt": "Cancelled", "Opplysninger du har gitt": "The information you gave",
    "Navn": "Name", "Mobil": "Mobile", "Kostbehov": "Dietary needs",
    "Endre eller melde av": "Change or cancel", "Bytt til %(mode)s": "Switch to %(mode)s",
    "Stå på venteliste for %(mode)s i stedet": "Wait for %(mode)s instead",
    "Det er ingen ledige plasser for %(mode)s, så du kan ikke bytte nå.":
        "There are no free seats for %(mode)s, so you cannot switch now.",
    "Fristen for å melde seg av gikk ut %(when)s. Ta kontakt med arrangøren på %(email)s.":
        "The cancellation deadline passed %(when)s. Contact the organiser at %(email)s.",
    "Meld meg av": "Unregister me", "Til arrangementet": "To the event",
    "Personvernerklæring": "Privacy notice",
    "%(centre)s er behandlingsansvarlig for opplysningene du gir når du melder deg på.":
        "%(centre)s is the data controller for the information you give when you register.",
    "Vi ber bare om det vi trenger for å gjennomføre arrangementet: navn, e-post og mobil for "
    "å gi deg beskjed, kommune, arbeidssted og stilling for å rapportere hvor mange fra hvilke "
    "kommuner som deltok (anonymisert), og om du deltar fysisk eller digitalt.":
        "We only ask for what we need to run the event: name, e-mail and mobile to reach "
        "you, municipality, workplace and role to report how many from which municipalities "
        "took part (anonymised), and whether you take part in person or online.",
    "Allergier og kostbehov er helseopplysninger. De er frivillige, lagres bare med ditt "
    "samtykke, vises bare for dem som bestiller maten, og slettes etter arrangementet.":
        "Allergies and dietary needs are health data. They are optional, stored only with "
        "your consent, shown only to those who order the food, and deleted after the event.",
    "Du kan se, endre og melde deg av via den personlige lenken du får når du melder deg på. "
    "Spørsmål: %(email)s.":
        "You can see, change and cancel your registration through the personal link you "
        "get when you register. Questions: %(email)s.",
    "Konferanse": "Conference", "Webinarserie": "Webinar series", "KlinObs-kurs": "KlinObs course",
    "ABC-fagseminar": "ABC seminar", "Nettverkssamling": "Network gathering",
}


def main() -> int:
    pot = ROOT / "registration" / "messages.pot"
    out_dir = ROOT / "registration" / "translations" / "en" / "LC_MESSAGES"
    out_dir.mkdir(parents=True, exist_ok=True)
    with pot.open("rb") as f:
        catalog = read_po(f, locale="en")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id
        if key not in EN:
            missing.append(key)
            continue
        message.string = EN[key]
    with (out_dir / "messages.po").open("wb") as f:
        write_po(f, catalog, omit_header=False, no_location=True)
    with (out_dir / "messages.mo").open("wb") as f:
        write_mo(f, catalog)
    for key in missing:
        print("missing English:", key)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
