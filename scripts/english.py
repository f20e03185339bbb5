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
    'Meldte seg på': 'Registered',
    'Lagt til av arrangør': 'Added by an organiser',
    'Fikk plass fra ventelisten': 'Got a seat from the waiting list',
    'Bekreftet utover kapasiteten': 'Confirmed beyond the capacity',
    'Flyttet i ventelisten': 'Moved in the waiting list',
    'Opplysninger endret': 'Details changed',
    'Endret deltakelsesform': 'Changed how they take part',
    'Kapasitet endret': 'Capacity changed',
    'Arrangement opprettet': 'Event created',
    'Arrangement endret': 'Event changed',
    'Status endret': 'Status changed',
    'Kopiert fra et annet arrangement': 'Copied from another event',
    'Melding sendt': 'Message sent',
    'Økt lagt til': 'Session added',
    'Økt endret': 'Session changed',
    'Økt fjernet': 'Session removed',
    'Lagt til i teamet': 'Added to the team',
    'Fjernet fra teamet': 'Removed from the team',
    'Innsjekking angret': 'Check-in undone',
    'Oppmøte registrert for hånd': 'Attendance recorded by hand',
    'Evalueringsmal tatt i bruk': 'Evaluation template used',
    'Evaluering lagret som mal': 'Evaluation saved as a template',
    'Spørsmål lagt til i evalueringen': 'Question added to the evaluation',
    'Spørsmål i evalueringen endret': 'Question in the evaluation changed',
    'Spørsmål fjernet fra evalueringen': 'Question removed from the evaluation',
    'Innstillinger for evalueringen endret': 'Evaluation settings changed',
    'Evaluering sendt': 'Evaluation sent',
    'Påminnelse om evaluering sendt': 'Evaluation reminder sent',
    'Eksport av deltakerliste': 'Participant list exported',
    'Eksport av kjøkkenliste': 'Kitchen list exported',
    'Eksport av evalueringssvar': 'Evaluation answers exported',
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
    "samtykke, vises bare for dem som bestiller maten, og slettes automatisk når "
    "arrangementets siste dag er over, eller med en gang hvis du melder deg av.":
        "Allergies and dietary needs are health data. They are optional, stored only with "
        "your consent, shown only to those who order the food, and deleted automatically "
        "when the event's last day is over, or at once if you cancel.",
    "Du kan se, endre og melde deg av via den personlige lenken du får når du melder deg på. "
    "Spørsmål: %(email)s.":
        "You can see, change and cancel your registration through the personal link you "
        "get when you register. Questions: %(email)s.",
    "Konferanse": "Conference", "Webinarserie": "Webinar series", "KlinObs-kurs": "KlinObs course",
    "ABC-fagseminar": "ABC seminar", "Nettverkssamling": "Network gathering",
}

# The organiser workspace (issue 3).
EN.update({
    'Påmeldingen står ikke på venteliste.': 'The registration is not on the waiting list.',
    'Administrator': 'Administrator',
    'Arrangør': 'Organiser',
    'Vert (innsjekking)': 'Host (check-in)',
    'Passord': 'Password',
    'Skriv inn passordet ditt.': 'Enter your password.',
    'Nåværende passord': 'Current password',
    'Skriv inn nåværende passord.': 'Enter your current password.',
    'Nytt passord': 'New password',
    'Skriv inn et nytt passord.': 'Enter a new password.',
    'Passordet må ha mellom 10 og 200 tegn.': 'The password must have between 10 and 200 characters.',
    'Gjenta nytt passord': 'Repeat new password',
    'Passordene er ikke like.': 'The passwords do not match.',
    'Navn på nøkkelen': 'Name of the key',
    'Gi nøkkelen et navn, for eksempel «Skanner dør 1».': 'Give the key a name, for example “Scanner door 1”.',
    'Navnet kan ha høyst 100 tegn.': 'The name can have at most 100 characters.',
    'Skriv inn e-postadressen.': 'Enter the e-mail address.',
    'Skriv inn en gyldig e-postadresse.': 'Enter a valid e-mail address.',
    'Rolle': 'Role',
    'Startpassord': 'Initial password',
    'Feil e-post eller passord.': 'Wrong e-mail or password.',
    'Du er logget ut.': 'You are signed out.',
    'Nåværende passord er feil.': 'The current password is wrong.',
    'Passordet er endret.': 'The password is changed.',
    'Nøkkelen er trukket tilbake.': 'The key is revoked.',
    'Brukeren er opprettet.': 'The user is created.',
    'Du kan ikke deaktivere deg selv.': 'You cannot deactivate yourself.',
    'Fysisk': 'In person',
    'Hybrid (fysisk og digitalt)': 'Hybrid (in person and online)',
    'Velg dato og klokkeslett.': 'Choose date and time.',
    'Skriv inn et helt tall.': 'Enter a whole number.',
    'Kapasiteten må være et tall fra 0 til 100 000.': 'The capacity must be a number from 0 to 100,000.',
    'Tittel': 'Title',
    'Skriv inn en tittel.': 'Enter a title.',
    'Tittelen kan ha høyst 200 tegn.': 'The title can have at most 200 characters.',
    'Beskrivelse (Markdown)': 'Description (Markdown)',
    'Beskrivelsen kan ha høyst 20 000 tegn.': 'The description can have at most 20,000 characters.',
    'Plasser fysisk (tomt = ubegrenset)': 'Seats in person (empty = unlimited)',
    'Plasser digitalt (tomt = ubegrenset)': 'Seats online (empty = unlimited)',
    'Venteliste når det er fullt': 'Waiting list when full',
    'Det serveres mat (spør om kostbehov)': 'Food is served (ask for dietary needs)',
    'Påmeldingen åpner': 'Registration opens',
    'Påmeldingsfrist': 'Registration deadline',
    'Frist for å melde seg av': 'Cancellation deadline',
    'Fristen må være etter at påmeldingen åpner.': 'The deadline must be after registration opens.',
    'Første økt starter': 'First session starts',
    'Første økt slutter': 'First session ends',
    'Sted': 'Place',
    'Økten må slutte etter at den starter.': 'The session must end after it starts.',
    'Navn på økten (valgfritt)': 'Session name (optional)',
    'Starter': 'Starts',
    'Slutter': 'Ends',
    'Tittel på kopien': 'Title of the copy',
    'Flytt alle datoer med antall uker': 'Move all dates by a number of weeks',
    'Skriv inn antall uker.': 'Enter the number of weeks.',
    'Velg et antall uker fra -520 til 520.': 'Choose a number of weeks from -520 to 520.',
    'Medarrangør': 'Co-organiser',
    'Gi deltakeren beskjed': 'Tell the participant',
    'Arrangementet er opprettet som utkast.': 'The event is created as a draft.',
    'Endringene er lagret.': 'The changes are saved.',
    '%(n)s fikk plass fra ventelisten.': '%(n)s got a seat from the waiting list.',
    'Arrangementet er publisert.': 'The event is published.',
    'Arrangementet er gjort om til utkast og vises ikke lenger.': 'The event is a draft again and no longer shown.',
    'Kopien er laget som utkast. Sjekk datoene før du publiserer.': 'The copy is a draft. Check the dates before publishing.',
    'Økten er lagret.': 'The session is saved.',
    'Økten er fjernet.': 'The session is removed.',
    'Lagt til.': 'Added.',
    '%(name)s er lagt til (%(status)s).': '%(name)s is added (%(status)s).',
    'bekreftet': 'confirmed',
    'venteliste nr. %(n)s': 'waiting list no. %(n)s',
    'Avmeldt. Gi deltakeren beskjed på %(email)s (e-post sendes ikke automatisk ennå).': 'Cancelled. Tell the participant at %(email)s (e-mail is not sent automatically yet).',
    'Avmeldt uten beskjed til deltakeren.': 'Cancelled without telling the participant.',
    '%(name)s er bekreftet. Nå %(c)s av %(cap)s plasser.': '%(name)s is confirmed. Now %(c)s of %(cap)s seats.',
    'Mine arrangementer': 'My events',
    'API-nøkler': 'API keys',
    'Brukere': 'Users',
    'Logg ut': 'Sign out',
    'Ingen tilgang': 'No access',
    'Du har ikke tilgang til denne siden.': 'You do not have access to this page.',
    'Endre passord': 'Change password',
    'Minst 10 tegn.': 'At least 10 characters.',
    'Lagre nytt passord': 'Save new password',
    'Logg inn': 'Sign in',
    'Logg inn for arrangører': 'Sign in for organisers',
    'Nøkler for skannere og skript. Bruk dem som «Authorization: Bearer …».': 'Keys for scanners and scripts. Use them as “Authorization: Bearer …”.',
    'Kopier nøkkelen nå. Den vises bare denne ene gangen:': 'Copy the key now. It is shown only this once:',
    'Lag ny nøkkel': 'Create new key',
    'Dine nøkler': 'Your keys',
    'Starter med': 'Starts with',
    'Laget': 'Created',
    'Sist brukt': 'Last used',
    'Trukket tilbake': 'Revoked',
    'Trekk tilbake': 'Revoke',
    'Ingen nøkler ennå.': 'No keys yet.',
    'Aktiv': 'Active',
    'Deaktiver': 'Deactivate',
    'Aktiver': 'Activate',
    'Ny bruker': 'New user',
    'Minst 10 tegn. Brukeren bør endre det.': 'At least 10 characters. The user should change it.',
    'Opprett bruker': 'Create user',
    'Arrangementet': 'The event',
    'Deltakere': 'Participants',
    'Rediger': 'Edit',
    'Økter': 'Sessions',
    'Arrangører og verter': 'Organisers and hosts',
    'Eksport': 'Export',
    'Kopier': 'Copy',
    'Logg': 'Log',
    'Se offentlig side': 'See public page',
    'Logg over endringer og eksporter': 'Log of changes and exports',
    'Når': 'When',
    'Hvem': 'Who',
    'Hva': 'What',
    'Før': 'Before',
    'Etter': 'After',
    'deltakeren selv / systemet': 'the participant / the system',
    'Ingen oppføringer.': 'No entries.',
    'Gi plass': 'Give a seat',
    'Gi %(name)s plass?': 'Give %(name)s a seat?',
    '%(mode)s er fullt (%(c)s av %(cap)s). Bekrefter du, økes kapasiteten til %(new)s, og det blir %(new)s bekreftede av %(new)s plasser.': '%(mode)s is full (%(c)s of %(cap)s). If you confirm, the capacity rises to %(new)s, with %(new)s confirmed of %(new)s seats.',
    'Det er ledig plass. Etter dette blir det %(new)s bekreftede.': 'There is a free seat. Afterwards there will be %(new)s confirmed.',
    'Ja, gi plass – ny total %(new)s': 'Yes, give a seat – new total %(new)s',
    'Avbryt': 'Cancel',
    'Nytt arrangement': 'New event',
    'Kommende arrangementer med fyllingsgrad': 'Upcoming events with fill rate',
    'Arrangement': 'Event',
    'Fylt': 'Filled',
    'Siste 7 dager': 'Last 7 days',
    'Utkast': 'Draft',
    'Publisert': 'Published',
    'Avlyst': 'Cancelled',
    '%(pct)s prosent fylt': '%(pct)s percent full',
    'Ingen kommende arrangementer.': 'No upcoming events.',
    'Kopier arrangement': 'Copy event',
    'Kopier arrangementet': 'Copy the event',
    'Kopien blir et utkast med de samme øktene, plassene og teamet, uten deltakere.': 'The copy is a draft with the same sessions, seats and team, without participants.',
    '52 uker er samme ukedag neste år.': '52 weeks is the same weekday next year.',
    'Lag kopi': 'Make copy',
    'Utkast – vises ikke for deltakere.': 'Draft – not shown to participants.',
    'Publisert.': 'Published.',
    'Avlyst.': 'Cancelled.',
    'Totalt': 'Totals',
    'Bekreftet': 'Confirmed',
    'Legg til deltaker': 'Add participant',
    'Filtrer deltakere': 'Filter participants',
    'Søk (navn, e-post, arbeidssted)': 'Search (name, e-mail, workplace)',
    'Alle': 'All',
    'Sorter etter': 'Sort by',
    'Påmeldt tidspunkt / plass i kø': 'Time registered / place in line',
    'Vis': 'Show',
    'Handlinger': 'Actions',
    'Venteliste nr. %(n)s': 'Waiting list no. %(n)s',
    'Flytt %(name)s opp i køen': 'Move %(name)s up the line',
    'Flytt %(name)s ned i køen': 'Move %(name)s down the line',
    'Ingen påmeldinger passer til filteret.': 'No registrations match the filter.',
    'Sider': 'Pages',
    'Forrige': 'Previous',
    'Side %(p)s av %(n)s': 'Page %(p)s of %(n)s',
    'Neste': 'Next',
    'Rediger arrangement': 'Edit event',
    'Rett opp dette før du lagrer:': 'Please correct this before saving:',
    'Tomt: åpen med en gang arrangementet publiseres.': 'Empty: open as soon as the event is published.',
    'Tomt: når første økt starter.': 'Empty: when the first session starts.',
    'Tomt: deltakerne kan melde seg av helt til start.': 'Empty: participants can cancel until the start.',
    'Lagre': 'Save',
    'Publisering': 'Publishing',
    'Publiser': 'Publish',
    'Gjør om til utkast': 'Make draft',
    'Avlys arrangementet': 'Cancel the event',
    'Last ned deltakerliste': 'Download participant list',
    'Eksporter inneholder personopplysninger og føres i loggen.': 'Exports contain personal data and are logged.',
    'Alle påmeldte': 'Everyone registered',
    'Alle, også avmeldte': 'Everyone, also cancelled',
    'Økt (for signaturlisten)': 'Session (for the sign-in sheet)',
    'Alle økter, én side per økt': 'All sessions, one sheet each',
    'Excel': 'Excel',
    'CSV': 'CSV',
    'PDF-signaturliste': 'PDF sign-in sheet',
    'Kjøkkenliste': 'Kitchen list',
    'Allergier og kostbehov er helseopplysninger: bare til dem som bestiller maten.': 'Allergies and dietary needs are health data: only for those who order the food.',
    'Kjøkkenliste (Excel)': 'Kitchen list (Excel)',
    'Kjøkkenliste (CSV)': 'Kitchen list (CSV)',
    'påmeldt': 'registered',
    'For påmeldinger på telefon. Påmeldingsfristen gjelder ikke, men kapasiteten gjør: er det fullt, havner deltakeren på ventelisten.': 'For registrations by phone. The deadline does not apply, but capacity does: when full, the participant joins the waiting list.',
    'Legg til': 'Add',
    'Meld av %(name)s': 'Cancel %(name)s',
    'Historikk': 'History',
    'Lagre økten': 'Save the session',
    'Fjern økten': 'Remove the session',
    'Legg til økt': 'Add session',
    'eier': 'owner',
    'medarrangør': 'co-organiser',
    'Fjern': 'Remove',
    'vert': 'host',
    ("%(num)s påmelding", "%(num)s påmeldinger"): ("%(num)s registration", "%(num)s registrations"),
    'Arrangementet er avlyst, og deltakerne har fått beskjed. Det kan ikke åpnes igjen:':
        'The event is cancelled and the participants have been told. It cannot be opened '
        'again:',
    'lag en kopi': 'make a copy',
    # the organiser's refusals (events.operations.EventRuleError)
    'Kan ikke fjerne fysisk deltakelse: %(n)s er påmeldt eller venter.':
        'Cannot remove attending in person: %(n)s are registered or waiting.',
    'Kan ikke fjerne digital deltakelse: %(n)s er påmeldt eller venter.':
        'Cannot remove taking part online: %(n)s are registered or waiting.',
    'Fysisk kapasitet kan ikke settes til %(capacity)s: %(n)s har allerede bekreftet plass.':
        'The in-person capacity cannot be set to %(capacity)s: %(n)s already have a '
        'confirmed seat.',
    'Digital kapasitet kan ikke settes til %(capacity)s: %(n)s har allerede bekreftet plass.':
        'The online capacity cannot be set to %(capacity)s: %(n)s already have a '
        'confirmed seat.',
    'Kapasiteten kan ikke settes til %(capacity)s: flere har allerede bekreftet plass i en av '
    'øktene.':
        'The capacity cannot be set to %(capacity)s: more already have a confirmed seat in '
        'one of the sessions.',
    'Kapasiteten kan ikke settes til %(capacity)s: %(n)s har allerede bekreftet plass.':
        'The capacity cannot be set to %(capacity)s: %(n)s already have a confirmed seat.',
    'Om deltakerne velger økter kan ikke endres når noen er påmeldt.':
        'Whether participants choose sessions cannot be changed once someone is registered.',
    'Et avlyst arrangement kan ikke åpnes igjen: deltakerne har fått beskjed om avlysningen. '
    'Lag en kopi og publiser den i stedet.':
        'A cancelled event cannot be opened again: the participants have been told it is '
        'cancelled. Make a copy and publish that instead.',
    'Legg til minst én økt før arrangementet publiseres.':
        'Add at least one session before the event is published.',
    'Noen andre endret statusen til arrangementet samtidig. Se hva den er nå, og prøv igjen '
    'om det trengs.':
        "Someone else changed the event's status at the same moment. See what it is now, "
        "and try again if needed.",
    'Et arrangement må ha minst én økt.': 'An event must have at least one session.',
    'Fant ingen bruker med e-post %(email)s. En administrator må opprette brukeren først.':
        'No user with the e-mail address %(email)s. An administrator must create the user '
        'first.',
    'Det finnes allerede en bruker med e-post %(email)s.':
        'There is already a user with the e-mail address %(email)s.',
    '%(email)s er vert og kan ikke være medarrangør.':
        '%(email)s is a host and cannot be a co-organiser.',
    ('%(names)s fikk plassen fra ventelisten.', '%(names)s fikk plass fra ventelisten.'):
        ('%(names)s got the seat from the waiting list.',
         '%(names)s got seats from the waiting list.'),
})

# E-mail and calendars (issue 4).
EN.update({
    "Meldingen sendes på nytt.": "The message will be sent again.",
    "Avmeldt. Deltakeren får beskjed på e-post.": "Cancelled. The participant is told by e-mail.",
    "Utgående e-post": "Outgoing e-mail",
    "SMTP er ikke satt opp (MAIL_SERVER). E-post blir liggende her og sendes når det er satt opp.":
        "SMTP is not set up (MAIL_SERVER). E-mail stays here and is sent once it is.",
    "Til": "To", "Emne": "Subject", "Forsøk": "Attempts", "Ingen e-post.": "No e-mail.",
    "Siste feil": "Last error", "Vedlegg": "Attachments", "Send på nytt": "Send again",
    "Tekst": "Text", "E-posten som HTML": "The e-mail as HTML",
    "Legg til i kalender (.ics)": "Add to calendar (.ics)",
    "Innholdet lages når meldingen sendes.": "The content is made when the message is sent.",
    "Lenke for å delta digitalt (Teams, Zoom)": "Link to join online (Teams, Zoom)",
    "Lenken kan ha høyst 500 tegn.": "The link can have at most 500 characters.",
    "Skriv inn en hel lenke som begynner med https://.":
        "Enter a full link starting with https://.",
    "Påminnelse antall dager før (0 = ingen)": "Reminder, days before (0 = none)",
    "Velg 0 til 60 dager.": "Choose 0 to 60 days.",
    "Alle på venteliste": "Everyone on the waiting list",
    "Påmeldte og venteliste": "Registered and waiting list",
    "Skriv inn et emne.": "Enter a subject.",
    "Emnet kan ha høyst 200 tegn.": "The subject can have at most 200 characters.",
    "Melding": "Message", "Skriv inn meldingen.": "Enter the message.",
    "Meldingen kan ha høyst 10 000 tegn.": "The message can have at most 10,000 characters.",
    "Meldingen sendes til %(n)s personer.": "The message goes to %(n)s people.",
    "Send melding": "Send message",
    "Sendes bare til påmeldte som deltar digitalt.": "Sent only to registered online participants.",
    "Send melding til deltakerne": "Send a message to the participants", "Send": "Send",
    "Abonner på datoene i kalenderen (.ics)": "Subscribe to the dates in your calendar (.ics)",
})

# Check-in (issue 5).
EN.update({
    "Velkommen!": "Welcome!", "Allerede sjekket inn": "Already checked in",
    "Ikke påmeldt dette arrangementet": "Not registered for this event",
    "Påmeldingen er avmeldt": "The registration is cancelled",
    "Står på venteliste": "On the waiting list", "Påmeldt digitalt": "Registered online",
    "kl.": "at", "Lagret på enheten – sendes når nettet er tilbake.":
        "Saved on this device – sent when the network is back.",
    "i kø": "queued", "Angret.": "Undone.", "Sjekk inn": "Check in",
    "Innsjekking": "Check-in", "kl. %(time)s": "at %(time)s",
    "Ingen arrangementer å sjekke inn for.": "No events to check in for.",
    "Velg økt": "Choose session", "Økt": "Session", "Bytt økt": "Change session",
    "Sjekket inn": "Checked in", "Skann en billett eller skriv koden.":
        "Scan a ticket or type the code.",
    "Skann eller skriv kode": "Scan or type code", "Angre siste": "Undo last",
    "Søk etter navn, e-post eller kommune": "Search by name, e-mail or municipality",
    "QR-kode for billetten din": "QR code for your ticket", "Vis koden i døra.":
        "Show the code at the door.", "Utskriftsvennlig billett": "Printable ticket",
    "Billett": "Ticket", "Tilbake til påmeldingen": "Back to the registration",
    "Bare bekreftede deltakere kan registreres som møtt.":
        "Only confirmed participants can be marked as present.",
    "Oppmøtet er lagret.": "Attendance saved.", "Oppmøte": "Attendance", "møtt": "present",
    "ikke registrert": "not recorded", "Fjern oppmøte": "Remove attendance",
    "Registrer som møtt": "Mark as present", "Lenken kommer": "The link is coming",
    "Arrangøren har ikke lagt inn lenken til møtet ennå. Prøv igjen litt senere, eller ta "
    "kontakt med %(email)s.": "The organiser has not added the meeting link yet. Try again "
    "a little later, or contact %(email)s.",
    "Bli med": "Join",
    "Kameraet er på. Hold billetten foran det.": "The camera is on. Hold the ticket in front of it.",
    "Fant ikke noe kamera. Bruk feltet over eller søk.":
        "No camera found. Use the field above or search.",
    "Det ble fullt akkurat nå. Personen er ikke registrert.":
        "It just became full. The person is not registered.",
    "%(name)s er registrert og sjekket inn.": "%(name)s is registered and checked in.",
    "Registrer noen på stedet": "Register someone at the door", "Kamera": "Camera",
    "Skann med kameraet": "Scan with the camera", "Kamerabilde for skanning": "Camera view for scanning",
    "Registrer på stedet": "Register at the door",
    "Tilbake til innsjekkingen": "Back to check-in",
    "Det er ingen ledige plasser i salen.": "There are no free seats in the room.",
    "Registrer og sjekk inn": "Register and check in",
})

# Evaluations (issue 6)
EN.update({
    "Skala 1–5": "Scale 1–5",
    "Ett valg": "Single choice",
    "Flere valg": "Multiple choice",
    "Ja/nei": "Yes/no",
    "Kort tekst": "Short text",
    "Lang tekst": "Long text",
    "Spørsmål": "Question",
    "Skriv inn spørsmålet.": "Enter the question.",
    "Spørsmålet kan ha høyst 300 tegn.": "The question can have at most 300 characters.",
    "Type svar": "Answer type",
    "Velg en type svar.": "Choose an answer type.",
    "Må besvares": "Required",
    "Alternativer (ett per linje)": "Options (one per line)",
    "Tekst ved 1": "Text at 1",
    "Teksten kan ha høyst 60 tegn.": "The text can have at most 60 characters.",
    "Tekst ved 5": "Text at 5",
    "Skriv minst to alternativer, ett per linje.": "Enter at least two options, one per line.",
    "Høyst %(n)s alternativer.": "At most %(n)s options.",
    "Et alternativ kan ha høyst %(n)s tegn.": "An option can have at most %(n)s characters.",
    "To alternativer er like.": "Two options are the same.",
    "Anonyme svar": "Anonymous answers",
    "Send invitasjonen automatisk til dem som deltok":
        "Send the invitation automatically to those who attended",
    "Timer etter siste økt": "Hours after the last session",
    "Skriv inn et helt antall timer.": "Enter a whole number of hours.",
    "Velg fra 0 til 720 timer.": "Choose from 0 to 720 hours.",
    "Svarfrist": "Answer deadline",
    "Mal": "Template",
    "Navn på malen": "Template name",
    "Gi malen et navn.": "Give the template a name.",
    "Navnet kan ha høyst 120 tegn.": "The name can have at most 120 characters.",
    "Send til": "Send to",
    "Dem som deltok (sjekket inn eller koblet seg på)":
        "Those who attended (checked in or joined online)",
    "Velg hvem som skal få invitasjonen.": "Choose who gets the invitation.",
    "Tittel inneholder (for eksempel en serie)": "Title contains (for example a series)",
    "Høyst 100 tegn.": "At most 100 characters.",
    "Type arrangement": "Kind of event",
    "År": "Year",
    "Standardskjemaet for USHT": "The standard USHT form",
    "Spørsmålene fra malen er lagt inn.": "The template's questions have been added.",
    "Innstillingene er lagret.": "The settings have been saved.",
    "Skjemaet er lagret som mal.": "The form has been saved as a template.",
    "Spørsmålet er lagret.": "The question has been saved.",
    "Spørsmålet er fjernet.": "The question has been removed.",
    "Alle i gruppen har allerede fått invitasjonen.":
        "Everyone in the group has already received the invitation.",
    "Invitasjonen er sendt til %(n)s personer.": "The invitation was sent to %(n)s people.",
    "Alle som er invitert, har svart.": "Everyone invited has answered.",
    "Påminnelsen er sendt til %(n)s personer.": "The reminder was sent to %(n)s people.",
    "Alle år": "All years",
    "Sammenlign evalueringer": "Compare evaluations",
    "Standardspørsmålene side om side: for en serie (skriv seriens navn) eller for alle "
    "arrangementer av en type i et år.":
        "The standard questions side by side: for a series (enter the series name) or for "
        "all events of one kind in a year.",
    "Sammenlign": "Compare",
    "Fornøyd alt i alt (snitt av 5)": "Overall satisfaction (mean of 5)",
    "Fornøyd alt i alt, snitt av 5": "Overall satisfaction, mean of 5",
    "Standardspørsmålene per arrangement: snitt av 5, og andel som svarte ja":
        "The standard questions per event: mean of 5, and share who answered yes",
    "Dato": "Date",
    "Svar / invitert": "Answers / invited",
    "ja": "yes",
    "Ingen arrangementer med evalueringssvar passer søket.":
        "No events with evaluation answers match the search.",
    "Evaluering": "Evaluation",
    "Arrangementet har ikke noe evalueringsskjema. Lag et fra standardskjemaet eller fra en "
    "mal.": "The event has no evaluation form. Make one from the standard form or a template.",
    "Lag skjema": "Make form",
    "Utsending og svar": "Sending and answers",
    "Invitert": "Invited",
    "Svart": "Answered",
    "Svarprosent": "Response rate",
    "Registrert som deltatt": "Recorded as attended",
    "Invitasjonen ble sendt automatisk %(when)s.": "The invitation was sent automatically %(when)s.",
    "Invitasjonen sendes automatisk %(when)s til alle som deltok.":
        "The invitation goes automatically %(when)s to everyone who attended.",
    "Invitasjonen sendes ikke automatisk.": "The invitation is not sent automatically.",
    "Svarfrist: %(when)s.": "Answer deadline: %(when)s.",
    "Se resultatene": "See the results",
    "Send invitasjonen nå": "Send the invitation now",
    "Bare de som ikke har fått invitasjonen fra før, får den.":
        "Only those who have not received the invitation before get it.",
    "Send invitasjon": "Send invitation",
    "Send påminnelse til dem som ikke har svart": "Send a reminder to those who have not answered",
    "Skjemaet er sendt ut, så spørsmålene kan ikke endres lenger.":
        "The form has been sent, so the questions can no longer be changed.",
    "Flytt opp": "Move up",
    "Flytt ned": "Move down",
    "Legg til spørsmål": "Add question",
    "Innstillinger": "Settings",
    "Anonyme svar lagres uten kobling til personen, også i databasen og i eksporten. Hver "
    "invitert kan likevel svare bare én gang.":
        "Anonymous answers are stored with no link to the person, also in the database and in "
        "the export. Each invited person can still answer only once.",
    "Tomt: 14 dager etter siste økt.": "Empty: 14 days after the last session.",
    "Lagre innstillingene": "Save the settings",
    "Maler": "Templates",
    "Spørsmålene i skjemaet byttes ut med malens.":
        "The form's questions are replaced by the template's.",
    "Bruk malen": "Use the template",
    "Lagre skjemaet som mal": "Save the form as a template",
    "Endre spørsmål": "Edit question",
    "Nytt spørsmål": "New question",
    "Bare for «Ett valg» og «Flere valg».": "Only for «Single choice» and «Multiple choice».",
    "Bare for skala, for eksempel «Svært misfornøyd».":
        "Only for scales, for example «Very dissatisfied».",
    "Bare for skala, for eksempel «Svært fornøyd».":
        "Only for scales, for example «Very satisfied».",
    "Lagre spørsmålet": "Save the question",
    "Resultater": "Results",
    "Resultater av evalueringen": "Results of the evaluation",
    "Svar": "Answer",
    "Anonyme": "Anonymous",
    "Med navn": "With names",
    "Last ned svarene (Excel)": "Download the answers (Excel)",
    "Last ned svarene (CSV)": "Download the answers (CSV)",
    "Sammenlign med andre arrangementer": "Compare with other events",
    ("%(num)s svar", "%(num)s svar"): ("%(num)s answer", "%(num)s answers"),
    "Snitt %(mean)s av 5": "Mean %(mean)s of 5",
    "Tallene for «%(q)s»": "The figures for «%(q)s»",
    "Antall": "Count",
    "Andel": "Share",
    "Flere valg: andelene kan til sammen bli mer enn 100 %%.":
        "Multiple choice: the shares can add up to more than 100 %%.",
    "Ingen svar ennå.": "No answers yet.",
    "Hva syntes du om %(title)s?": "What did you think of %(title)s?",
    "Svarene dine er anonyme: de lagres uten navnet ditt. Lenken kan brukes én gang.":
        "Your answers are anonymous: they are stored without your name. The link can be used "
        "once.",
    "Svarene lagres med navnet ditt, slik at arrangøren kan følge dem opp. Lenken kan brukes "
    "én gang.": "Your answers are stored with your name, so the organiser can follow them "
                "up. The link can be used once.",
    "Du kan svare til og med %(when)s.": "You can answer until %(when)s.",
    "Spørsmål merket med * må besvares.": "Questions marked * must be answered.",
    ("Ett svar må rettes", "%(num)s svar må rettes"):
        ("One answer needs correcting", "%(num)s answers need correcting"),
    "må besvares": "required",
    "Ja": "Yes",
    "Nei": "No",
    "Velg så mange du vil.": "Choose as many as you like.",
    "Send svarene": "Send the answers",
    "Takk for svarene!": "Thank you for your answers!",
    "Svarene er lagret. De hjelper oss å gjøre neste arrangement bedre.":
        "Your answers are saved. They help us make the next event better.",
    "Du har allerede svart": "You have already answered",
    "Denne lenken er brukt, og svarene kan ikke endres. Takk for at du svarte på evalueringen "
    "av %(title)s!": "This link has been used, and the answers cannot be changed. Thank you "
                     "for answering the evaluation of %(title)s!",
    "Evalueringen er stengt": "The evaluation is closed",
    "Svarfristen for evalueringen av %(title)s er ute, så lenken virker ikke lenger.":
        "The deadline for the evaluation of %(title)s has passed, so the link no longer works.",
    "Fant ikke evalueringen": "Evaluation not found",
    "Lenken er ikke gyldig. Sjekk at du har brukt hele lenken fra e-posten.":
        "The link is not valid. Check that you used the whole link from the e-mail.",
    "Skjemaet er sendt ut og kan ikke endres lenger.":
        "The form has been sent and can no longer be changed.",
    "Fant ikke malen.": "Template not found.",
    "Invitasjoner ble sendt samtidig fra et annet sted. Prøv igjen.":
        "Invitations were being sent from somewhere else at the same moment. Try again.",
    "Arrangementet har ikke noe evalueringsskjema.": "The event has no evaluation form.",
    "Skjemaet har ingen spørsmål.": "The form has no questions.",
    "Svarfristen er ute. Sett en ny frist før du sender.":
        "The answer deadline has passed. Set a new deadline before sending.",
    "Velg blant alternativene som vises.": "Choose among the options shown.",
    "Velg minst ett alternativ.": "Choose at least one option.",
    "Skriv et svar.": "Write an answer.",
    "Velg et svar.": "Choose an answer.",
    "Velg en verdi fra 1 til 5.": "Choose a value from 1 to 5.",
    "Svar ja eller nei.": "Answer yes or no.",
    "Svaret kan være høyst %(limit)s tegn (du skrev %(n)s).":
        "The answer can be at most %(limit)s characters (you wrote %(n)s).",
})

# Self-service: correcting one's own details, «Finn påmeldingen min» (issue 11).
EN.update({
    "Deltakeren endret egne opplysninger": "The participant changed their own details",
    "Fristen for å endre påmeldingen har gått ut. Ta kontakt med arrangøren.":
        "The deadline for changing the registration has passed. Contact the organiser.",
    "Opplysningene dine er lagret.": "Your details are saved.",
    "Du endret ingenting, så ingenting er lagret.": "You changed nothing, so nothing was saved.",
    "Via den personlige lenken du får når du melder deg på, kan du se opplysningene dine, "
    "rette navn, mobil, kommune, arbeidssted, stilling og kostbehov fram til fristen for å "
    "melde seg av (eller til arrangementet starter), og melde deg av. E-postadressen retter "
    "arrangøren. Har du mistet lenken, får du den på e-post under «Finn påmeldingen min». "
    "Spørsmål: %(email)s.":
        "Through the personal link you get when you register, you can see your details, "
        "correct your name, mobile, municipality, workplace, role and dietary needs until the "
        "cancellation deadline (or until the event starts), and cancel. The organiser corrects "
        "the e-mail address. If you have lost the link, you get it by e-mail under «Find my "
        "registration». Questions: %(email)s.",
    "Allerede påmeldt?": "Already registered?",
    "Finn påmeldingen min": "Find my registration",
    "Endre opplysningene dine": "Change your details",
    "Påmeldingen er avmeldt, så opplysningene kan ikke endres lenger.":
        "The registration is cancelled, so the details can no longer be changed.",
    "Fristen for å endre opplysningene gikk ut %(when)s. Ta kontakt med arrangøren på "
    "%(email)s hvis noe må rettes.":
        "The deadline for changing your details passed %(when)s. Contact the organiser at "
        "%(email)s if something must be corrected.",
    "Opplysningene kan ikke endres her. Ta kontakt med arrangøren på %(email)s hvis noe må "
    "rettes.": "The details cannot be changed here. Contact the organiser at %(email)s if "
               "something must be corrected.",
    "Du kan rette opplysningene fram til %(when)s.":
        "You can correct your details until %(when)s.",
    "E-postadressen kan ikke endres her: det er den som finner påmeldingen din igjen. Er den "
    "feil, meld deg av og på igjen med riktig adresse, eller kontakt arrangøren.":
        "The e-mail address cannot be changed here: it is what finds your registration again. "
        "If it is wrong, cancel and register again with the right address, or contact the "
        "organiser.",
    "Det serveres mat. Opplysninger om allergier og kostbehov er helseopplysninger: de er "
    "frivillige, vises bare for dem som bestiller maten, og slettes etter arrangementet. Tøm "
    "feltet eller fjern krysset for samtykke, så slettes de med en gang.":
        "Food is served. Allergies and dietary needs are health data: they are optional, shown "
        "only to those who order the food, and deleted after the event. Empty the field or "
        "untick the consent, and they are deleted at once.",
    "Lagre endringene": "Save the changes",
    "Finner du ikke lenken til påmeldingen? Vi kan sende den til e-postadressen på nytt.":
        "Cannot find the link to your registration? We can send it to the e-mail address "
        "again.",
    "Send meg lenken på nytt": "Send me the link again",
    "Har du mistet e-posten med den personlige lenken? Skriv inn e-postadressen du meldte deg "
    "på med, så sender vi deg lenkene til alle påmeldingene dine som ikke er over ennå.":
        "Lost the e-mail with your personal link? Enter the e-mail address you registered "
        "with, and we send you the links to all your registrations that are not over yet.",
    "Send meg lenkene": "Send me the links",
    "Av hensyn til personvernet viser vi aldri her om en adresse har påmeldinger: lenkene "
    "kommer bare til e-postadressen selv.":
        "For privacy, we never show here whether an address has registrations: the links go "
        "only to the address itself.",
    "Sjekk e-posten din": "Check your e-mail",
    "Hvis adressen har påmeldinger som ikke er over ennå, sender vi lenkene dit i løpet av "
    "noen minutter. Kommer det ingen e-post, sjekk søppelpost, eller om du meldte deg på med "
    "en annen adresse.":
        "If the address has registrations that are not over yet, we send the links there "
        "within a few minutes. If no e-mail comes, check your spam folder, or whether you "
        "registered with another address.",
    "Vi sender høyst én slik e-post hvert tiende minutt til samme adresse.":
        "We send at most one such e-mail every ten minutes to the same address.",
    "Endre opplysningene": "Change your details",
    "Du kan rette navn, mobil, kommune, arbeidssted, stilling og kostbehov fram til %(when)s. "
    "E-postadressen kan ikke endres her.":
        "You can correct your name, mobile, municipality, workplace, role and dietary needs "
        "until %(when)s. The e-mail address cannot be changed here.",
})


# The audit log told in words (registration/audit/story.py)
EN.update({
    "Deltaker": "Participant",
    "deltakeren selv": "the participant",
    "systemet": "the system",
    "ingen": "none",
    "venteliste": "waiting list",
    "avmeldt": "cancelled",
    "var bekreftet": "was confirmed",
    "sto på venteliste": "was on the waiting list",
    "utkast": "draft",
    "publisert": "published",
    "avlyst": "cancelled",
    "ubegrenset": "unlimited",
    "nei": "no",
    "bekreftede": "confirmed",
    "bekreftede og venteliste": "confirmed and waiting list",
    "en økt som er fjernet": "a session that was removed",
    "et arrangement som er slettet": "an event that was deleted",
    "En slettet bruker": "A deleted user",
    "Flyttet fra %(old)s til %(new)s": "Moved from %(old)s to %(new)s",
    "Endret deltakelsesform fra %(old)s til %(new)s": "Changed from %(old)s to %(new)s",
    "%(field)s endret fra %(old)s til %(new)s": "%(field)s changed from %(old)s to %(new)s",
    "Avmeldt (%(was)s)": "Cancelled (%(was)s)",
    "Opplysningene lagret uten endringer": "Details saved without changes",
    "Flyttet fra plass %(old)s til plass %(new)s i ventelisten":
        "Moved from place %(old)s to place %(new)s on the waiting list",
    "Kapasitet for fysisk oppmøte endret fra %(old)s til %(new)s":
        "In-person capacity changed from %(old)s to %(new)s",
    "Kapasitet for digital deltakelse endret fra %(old)s til %(new)s":
        "Online capacity changed from %(old)s to %(new)s",
    "Kapasitet endret fra %(old)s til %(new)s": "Capacity changed from %(old)s to %(new)s",
    "Sjekket inn (økt: %(session)s)": "Checked in (session: %(session)s)",
    "Meldt på og sjekket inn i døra (økt: %(session)s)":
        "Registered and checked in at the door (session: %(session)s)",
    "Åpnet lenken til det digitale møtet (økt: %(session)s)":
        "Opened the link to the online meeting (session: %(session)s)",
    "Registrert som møtt (økt: %(session)s)": "Marked as present (session: %(session)s)",
    "Innsjekking angret (økt: %(session)s)": "Check-in undone (session: %(session)s)",
    "Oppmøte fjernet (økt: %(session)s)": "Attendance removed (session: %(session)s)",
    "Arrangement opprettet: «%(title)s»": "Event created: «%(title)s»",
    "Tittel endret fra «%(old)s» til «%(new)s»": "Title changed from «%(old)s» to «%(new)s»",
    "Status endret fra %(old)s til %(new)s": "Status changed from %(old)s to %(new)s",
    ("Kopiert fra %(title)s, med datoene flyttet %(num)s uke",
     "Kopiert fra %(title)s, med datoene flyttet %(num)s uker"):
        ("Copied from %(title)s, with the dates moved %(num)s week",
         "Copied from %(title)s, with the dates moved %(num)s weeks"),
    ("Melding «%(subject)s» sendt til %(num)s mottaker (%(group)s)",
     "Melding «%(subject)s» sendt til %(num)s mottakere (%(group)s)"):
        ("Message «%(subject)s» sent to %(num)s recipient (%(group)s)",
         "Message «%(subject)s» sent to %(num)s recipients (%(group)s)"),
    "Økt lagt til: %(session)s": "Session added: %(session)s",
    "Økt endret: %(session)s": "Session changed: %(session)s",
    "Økt fjernet: %(session)s": "Session removed: %(session)s",
    "%(user)s lagt til i teamet som vert": "%(user)s added to the team as host",
    "%(user)s lagt til i teamet som arrangør": "%(user)s added to the team as organiser",
    "%(user)s fjernet fra teamet": "%(user)s removed from the team",
    "Evalueringsmalen «%(name)s» tatt i bruk": "Evaluation template «%(name)s» used",
    "Evalueringen lagret som malen «%(name)s»": "Evaluation saved as the template «%(name)s»",
    "Spørsmål lagt til i evalueringen: «%(text)s»": "Question added to the evaluation: «%(text)s»",
    "Spørsmål i evalueringen endret: «%(text)s»": "Question in the evaluation changed: «%(text)s»",
    "Spørsmål fjernet fra evalueringen: «%(text)s»":
        "Question removed from the evaluation: «%(text)s»",
    ("%(num)s time", "%(num)s timer"): ("%(num)s hour", "%(num)s hours"),
    "Automatisk utsending": "Automatic sending",
    "Tid før utsending": "Time before sending",
    ("Evaluering sendt til %(num)s bekreftet deltaker",
     "Evaluering sendt til %(num)s bekreftede deltakere"):
        ("Evaluation sent to %(num)s confirmed participant",
         "Evaluation sent to %(num)s confirmed participants"),
    ("Evaluering sendt til %(num)s deltaker som møtte",
     "Evaluering sendt til %(num)s deltakere som møtte"):
        ("Evaluation sent to %(num)s participant who attended",
         "Evaluation sent to %(num)s participants who attended"),
    ("Påminnelse om evaluering sendt til %(num)s deltaker",
     "Påminnelse om evaluering sendt til %(num)s deltakere"):
        ("Evaluation reminder sent to %(num)s participant",
         "Evaluation reminder sent to %(num)s participants"),
    ("Deltakerlisten lastet ned som %(format)s, %(num)s rad",
     "Deltakerlisten lastet ned som %(format)s, %(num)s rader"):
        ("Participant list downloaded as %(format)s, %(num)s row",
         "Participant list downloaded as %(format)s, %(num)s rows"),
    ("Kjøkkenlisten lastet ned som %(format)s, %(num)s rad",
     "Kjøkkenlisten lastet ned som %(format)s, %(num)s rader"):
        ("Kitchen list downloaded as %(format)s, %(num)s row",
         "Kitchen list downloaded as %(format)s, %(num)s rows"),
    ("Evalueringssvarene lastet ned som %(format)s, %(num)s rad",
     "Evalueringssvarene lastet ned som %(format)s, %(num)s rader"):
        ("Evaluation answers downloaded as %(format)s, %(num)s row",
         "Evaluation answers downloaded as %(format)s, %(num)s rows"),
    "økt: %(session)s": "session: %(session)s",
    "%(what)s (automatisk)": "%(what)s (automatic)",
    "%(what)s (utvalg: %(chosen)s)": "%(what)s (selection: %(chosen)s)",
    "%(what)s (anonyme)": "%(what)s (anonymous)",
    "%(what)s (med navn)": "%(what)s (with names)",
})


# Privacy: retention and deletion (issue 11).
EN.update({
    "Svar om kost og allergier slettet": "Diet and allergy answers deleted",
    "Personopplysninger anonymisert": "Personal data anonymised",
    "Innholdet i meldingen er slettet, så den kan ikke sendes på nytt.":
        "The message's content has been deleted, so it cannot be sent again.",
    "Hvor lenge vi lagrer opplysningene": "How long we keep the information",
    "(slettet)": "(deleted)",
    "Innholdet og adressen ble slettet %(when)s etter lagringstiden. Meldingen kan ikke "
    "sendes på nytt.":
        "The content and the address were deleted %(when)s, after the retention time. The "
        "message cannot be sent again.",
    ("Påmeldingen din lagres i %(num)s måned etter at arrangementet er over.",
     "Påmeldingen din lagres i %(num)s måneder etter at arrangementet er over."):
        ("Your registration is kept for %(num)s month after the event is over.",
         "Your registration is kept for %(num)s months after the event is over."),
    "Deretter anonymiseres den: navn, e-post, mobil, arbeidssted, fritekstsvar, den "
    "personlige lenken og billetten slettes. Kommune, stilling, deltakelsesform og oppmøte "
    "beholdes uten at de kan knyttes til deg, slik at vi kan rapportere hvor mange som "
    "deltok.":
        "Then it is anonymised: name, e-mail, mobile, workplace, free-text answers, the "
        "personal link and the ticket are deleted. Municipality, role, how you took part and "
        "attendance are kept without anything tying them to you, so that we can report how "
        "many took part.",
    ("E-poster vi sender deg, lagres i %(num)s dag. Deretter slettes innholdet og adressen.",
     "E-poster vi sender deg, lagres i %(num)s dager. Deretter slettes innholdet og "
     "adressen."):
        ("E-mails we send you are kept for %(num)s day. Then their content and the address "
         "are deleted.",
         "E-mails we send you are kept for %(num)s days. Then their content and the address "
         "are deleted."),
})


# Issue 12: join links and hostile input.
EN.update({
    "Velg en dato mellom år %(first)s og %(last)s.":
        "Choose a date between the years %(first)s and %(last)s.",
    "Klokkeslettet finnes ikke denne dagen: klokka stilles fram fra 02.00 til 03.00 "
    "(sommertid). Velg et annet tidspunkt.":
        "That time does not exist on this day: clocks go forward from 02.00 to 03.00 "
        "(summer time). Choose another time.",
    "Vi kan ikke sende e-post til adresser med æ, ø, å eller andre spesialtegn før @. Bruk en "
    "adresse med bare a–z, 0–9 og . - _ før @.":
        "We cannot send e-mail to addresses with æ, ø, å or other special characters before "
        "the @. Use an address with only a–z, 0–9 and . - _ before the @.",
    "Bli med digitalt": "Join online",
    "Trykk på knappen for å gå til møtet. Da registrerer vi at du deltok.":
        "Press the button to go to the meeting. We then record that you took part.",
    "Bli med i møtet": "Join the meeting",
    "Møtet har ikke begynt ennå. Lenken åpner %(when)s, en halvtime før start. Kom tilbake da.":
        "The meeting has not started yet. The link opens %(when)s, half an hour before the "
        "start. Come back then.",
    "Denne økten er over. Ta kontakt med %(email)s hvis du har spørsmål.":
        "This session is over. Contact %(email)s if you have questions.",
})


# Sessions, tokens and passwords (issue 12).
EN.update({
    'Passordet må ha mellom 12 og 200 tegn.': 'The password must have between 12 and 200 characters.',
    'Innsjekking (skanne billetter, se tellingen)': 'Check-in (scan tickets, see the count)',
    'Eksport av deltakerlister': 'Export of participant lists',
    'Bare lese tall (ingen personopplysninger)': 'Read counts only (no personal data)',
    '1 dag': '1 day',
    '7 dager': '7 days',
    '30 dager': '30 days',
    '90 dager': '90 days',
    '1 år': '1 year',
    'Hva nøkkelen kan brukes til': 'What the key may be used for',
    'Gyldig i': 'Valid for',
    'Skriv inn et startpassord.': 'Enter a start password.',
    'Passordet må ha minst %(n)s tegn.': 'The password must have at least %(n)s characters.',
    'Passordet kan ha høyst %(n)s tegn.': 'The password can have at most %(n)s characters.',
    'Passordet har for få ulike tegn. Bruk for eksempel tre-fire tilfeldige ord.':
        'The password has too few different characters. Use, for example, three or four '
        'random words.',
    'Dette passordet er blant de mest brukte og blir gjettet først. Velg et annet, for '
    'eksempel tre-fire tilfeldige ord.':
        'This password is among the most used and is guessed first. Choose another, for '
        'example three or four random words.',
    'Passordet kan ikke inneholde navnet i e-postadressen.':
        'The password cannot contain the name in the e-mail address.',
    'Du logget inn med et startpassord. Velg ditt eget passord før du fortsetter.':
        'You signed in with a start password. Choose your own password before you go on.',
    'For mange feil passord for denne kontoen. Prøv igjen om %(n)s min.':
        'Too many wrong passwords for this account. Try again in %(n)s min.',
    'Det nye passordet må være et annet enn det gamle.':
        'The new password must be different from the old one.',
    'Passordet er endret. Du er logget ut alle andre steder.':
        'The password has been changed. You have been signed out everywhere else.',
    'Brukeren er opprettet. Startpassordet må byttes ved første innlogging.':
        'The user has been created. The start password must be changed at first sign-in.',
    'Minst 12 tegn, ikke et vanlig passord og ikke navnet i e-postadressen. Tre-fire '
    'tilfeldige ord er lett å huske.':
        'At least 12 characters, not a common password and not the name in the e-mail '
        'address. Three or four random words are easy to remember.',
    'Nøkler for skannere og skript. Bruk dem som «Authorization: Bearer …» mot API-et '
    '(/api/). En nøkkel gjelder bare det den er laget for, og slutter å virke når den går '
    'ut.':
        'Keys for scanners and scripts. Use them as "Authorization: Bearer …" against the '
        'API (/api/). A key is only valid for what it was made for, and stops working when '
        'it expires.',
    'Gjelder': 'For',
    'Går ut': 'Expires',
    'Utløpt': 'Expired',
    'Minst 12 tegn. Brukeren må bytte det ved første innlogging.':
        'At least 12 characters. The user must change it at first sign-in.',
})


# Privacy: erasure, access (issue 11, erasure)
EN.update({
    "Personopplysninger slettet etter ønske": "Personal data erased on request",
    "Innsyn: personopplysninger eksportert": "Access request: personal data exported",
    "Slett meg": "Erase me",
    "Vil du slette opplysningene dine?": "Do you want to erase your details?",
    "Gjelder påmeldingen til %(title)s.": "This is about your registration for %(title)s.",
    "Du blir meldt av. Plassen din går til den første på ventelisten.":
        "Your registration is cancelled. Your seat goes to the first on the waiting list.",
    "Navn, e-post, mobilnummer, arbeidssted og svar om kostbehov slettes med en gang.":
        "Name, e-mail, mobile number, workplace and dietary answers are erased at once.",
    "Lenken til påmeldingen og billetten slutter å virke, og du får ingen flere e-poster om "
    "arrangementet.":
        "The link to your registration and your ticket stop working, and you get no more "
        "e-mails about the event.",
    "Bare kommune, stilling og deltakelsesform blir igjen, uten navn, til statistikken "
    "senteret rapporterer.":
        "Only municipality, role and how you took part remain, without a name, for the "
        "statistics the centre reports.",
    "Dette kan ikke angres. Vil du delta senere, må du melde deg på igjen.":
        "This cannot be undone. To take part later, register again.",
    "Ja, slett meg": "Yes, erase me",
    "Opplysningene er slettet": "The details are erased",
    "Opplysningene dine er slettet": "Your details are erased",
    "Påmeldingen er avmeldt og personopplysningene er slettet. Lenken du fikk på e-post "
    "virker ikke lenger.":
        "The registration is cancelled and the personal data erased. The link you got by "
        "e-mail no longer works.",
    "Til alle arrangementer": "To all events",
    "Du kan når som helst be om at opplysningene dine slettes.":
        "You can have your details erased at any time.",
    "Personvern: innsyn og sletting": "Privacy: access and erasure",
    "For henvendelser fra en deltaker om egne opplysninger. Adressen lagres ikke i loggen, "
    "bare at forespørselen ble behandlet, av hvem og hvorfor.":
        "For a participant's requests about their own data. The address is not stored in "
        "the log, only that the request was handled, by whom and why.",
    "Innsyn": "Access",
    "Last ned alt som er lagret om en e-postadresse: påmeldinger, oppmøte, svar på "
    "navngitte evalueringer, e-poster og logg. Anonyme evalueringssvar kan ikke knyttes "
    "til noen og er ikke med.":
        "Download everything stored about an e-mail address: registrations, attendance, "
        "answers to named evaluations, e-mails and log. Anonymous evaluation answers cannot "
        "be tied to anyone and are not included.",
    "Last ned": "Download",
    "Slett alle opplysninger om en e-postadresse": "Erase all data about an e-mail address",
    "Alle påmeldinger med adressen meldes av (plassen går til den neste på ventelisten) og "
    "anonymiseres med en gang. Bare kommune, stilling, deltakelsesform og oppmøte blir "
    "igjen, til statistikken.":
        "Every registration with the address is cancelled (the seat goes to the next on the "
        "waiting list) and anonymised at once. Only municipality, role, how they took part "
        "and attendance remain, for the statistics.",
    "Lagres i loggen. Skriv ikke personopplysninger her.":
        "Stored in the log. Do not write personal data here.",
    "Slett opplysningene": "Erase the data",
    "Siste forespørsler": "Recent requests",
    "Tidspunkt": "Time", "Hva": "What", "Påmeldinger": "Registrations",
    "Utført av": "Done by", "Begrunnelse": "Reason", "Ingen ennå.": "None yet.",
    "E-postadresse": "E-mail address", "Format": "Format",
    "Jeg har kontrollert adressen. Slettingen kan ikke angres.":
        "I have checked the address. The erasure cannot be undone.",
    "Skriv inn e-postadressen det gjelder.": "Enter the e-mail address concerned.",
    "Skriv hvorfor opplysningene slettes, for eksempel «Krav om sletting fra den "
    "registrerte, e-post 3. mars».":
        "Write why the data is erased, for example “Request for erasure from the data "
        "subject, e-mail of 3 March”.",
    "Begrunnelsen inneholder et tegn som ikke kan lagres.":
        "The reason contains a character that cannot be stored.",
    "Begrunnelsen kan være høyst %(max)s tegn.":
        "The reason can have at most %(max)s characters.",
    "Kryss av for at du har kontrollert adressen.": "Tick to confirm you have checked the address.",
    "Velg Excel eller JSON.": "Choose Excel or JSON.",
    ("%(num)s påmelding er slettet og anonymisert.",
     "%(num)s påmeldinger er slettet og anonymisert."):
        ("%(num)s registration erased and anonymised.",
         "%(num)s registrations erased and anonymised."),
    "Fant ingen påmeldinger med denne adressen. Forespørselen er logget.":
        "No registrations with this address. The request is logged.",
})


# Abuse protection (issue 12): rate limits, honeypot, clean-up, the host's search.
EN.update({
    "Skriv minst tre bokstaver.": "Type at least three letters.",
    "Søket virker bare mens økten pågår.": "Search only works while the session is on.",
    "Mange treff: skriv mer av navnet.": "Many matches: type more of the name.",
    "Du har sendt for mange forespørsler på kort tid. Vent %(n)s sekunder og prøv igjen.":
        "You have sent too many requests in a short time. Wait %(n)s seconds and try again.",
    "Du har sendt for mange forespørsler på kort tid. Vent %(n)s minutter og prøv igjen.":
        "You have sent too many requests in a short time. Wait %(n)s minutes and try again.",
    "Vi kunne ikke ta imot svarene. Se over skjemaet og send det en gang til.":
        "We could not accept the answers. Check the form and send it again.",
    "Vi kunne ikke ta imot påmeldingen. Se over skjemaet og send det en gang til.":
        "We could not accept the registration. Check the form and send it again.",
    "Avsender %(key)s": "Sender %(key)s",
    "Velg minst én påmelding som skal meldes av.": "Select at least one registration to cancel.",
    ("%(num)s påmelding er meldt av. Deltakeren får beskjed på e-post.",
     "%(num)s påmeldinger er meldt av. Deltakerne får beskjed på e-post."):
        ("%(num)s registration cancelled. The participant is told by e-mail.",
         "%(num)s registrations cancelled. The participants are told by e-mail."),
    ("%(num)s påmelding er meldt av, uten e-post.",
     "%(num)s påmeldinger er meldt av, uten e-post."):
        ("%(num)s registration cancelled, without e-mail.",
         "%(num)s registrations cancelled, without e-mail."),
    ("%(num)s fikk plass fra ventelisten.", "%(num)s fikk plass fra ventelisten."):
        ("%(num)s got a seat from the waiting list.",
         "%(num)s got a seat from the waiting list."),
    "Søk etter navn": "Search by name",
    "For mange forsøk": "Too many attempts",
    "Tilbake": "Back",
    "Siste påmeldinger": "Latest registrations",
    "Velg": "Select",
    "Velg %(name)s": "Select %(name)s",
    "La dette feltet stå tomt": "Leave this field empty",
    "Meld av de valgte": "Cancel the selected",
    "Alle avmeldinger føres i loggen. Ledige plasser går til de neste på ventelisten, som "
    "får e-post om det.": "Every cancellation is written to the log. Freed seats go to the "
    "next on the waiting list, who are told by e-mail.",
    "Send e-post om avmeldingen til dem som meldes av":
        "E-mail the people cancelled about the cancellation",
    "Meld av valgte": "Cancel selected",
    ("Påmeldinger siste time", "Påmeldinger siste %(num)s timer"):
        ("Registrations in the last hour", "Registrations in the last %(num)s hours"),
    "Mange påmeldinger fra samme avsender eller samme e-postdomene på kort tid kan være "
    "misbruk. En avsender er en nettadresse (IP), lagret bare som en kode som ikke kan føres "
    "tilbake til adressen. Mange fra samme arbeidsplass kan også dele én adresse.":
        "Many registrations from the same sender or the same e-mail domain in a short time "
        "can be abuse. A sender is a network address (IP), stored only as a code that cannot "
        "be traced back to the address. Many people at one workplace can also share one "
        "address.",
    "Vis siste døgn": "Show the last day",
    "Vis siste time": "Show the last hour",
    "Per avsender": "By sender",
    "Per e-postdomene": "By e-mail domain",
    "Fra": "From",
    "Påmeldinger": "Registrations",
    "Aktive": "Active",
    "Tidsrom": "Time span",
    "Ingen påmeldinger i perioden.": "No registrations in this period.",
    "Påmeldinger fra %(label)s": "Registrations from %(label)s",
    "Alle aktive er valgt. Fjern haken ved dem som er ekte deltakere før du melder av.":
        "All active ones are selected. Untick the real participants before you cancel.",
    "Ingen påmeldinger fra denne avsenderen i perioden.":
        "No registrations from this sender in this period.",
})


def _feature_files() -> None:
    """Each feature may keep its English in scripts/en/<feature>.py (a dict named EN),
    so parallel work on features does not edit one dict."""
    import runpy
    for path in sorted((ROOT / "scripts" / "en").glob("*.py")):
        EN.update(runpy.run_path(str(path))["EN"])


def main() -> int:
    _feature_files()
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
