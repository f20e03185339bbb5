"""English for the networks feature (members-only and invitation-only events)."""

EN: dict[str | tuple[str, str], str | tuple[str, str]] = {
    "Nettverk lagret": "Network saved",
    "Medlem lagt til i nettverket": "Member added to the network",
    "Medlem fjernet fra nettverket": "Member removed from the network",
    "Medlemmer importert til nettverket": "Members imported into the network",
    "Melding sendt til nettverkets medlemmer": "Message sent to the network's members",
    "Endret hvem som kan melde seg på": "Changed who may register",
    "Invitasjoner sendt": "Invitations sent",
    "Åpen for alle": "Open to everyone",
    "Bare for medlemmer av et nettverk": "Members of a network only",
    "Bare for inviterte": "By invitation only",
    "Dette arrangementet er bare for medlemmer av %(network)s, og vi fant ikke "
    "e-postadressen i medlemslisten. Er du medlem, bruk e-postadressen du er registrert med.":
        "This event is for members of %(network)s only, and we did not find the e-mail "
        "address in the member list. If you are a member, use the address you are "
        "registered with.",
    "Spørsmål om medlemskap: %(contact)s (%(email)s).":
        "Questions about membership: %(contact)s (%(email)s).",
    "Dette arrangementet er bare for inviterte. Bruk lenken i invitasjonen du fikk på e-post.":
        "This event is by invitation only. Use the link in the invitation you received by "
        "e-mail.",
    "Navn på nettverket": "Name of the network",
    "Skriv inn navnet på nettverket.": "Enter the name of the network.",
    "Navnet kan ha høyst 200 tegn.": "The name can be at most 200 characters.",
    "Beskrivelse (valgfritt)": "Description (optional)",
    "Beskrivelsen kan ha høyst 5000 tegn.": "The description can be at most 5000 characters.",
    "Kontaktperson": "Contact person",
    "Skriv inn navnet på kontaktpersonen.": "Enter the contact person's name.",
    "Kontaktpersonens e-post": "Contact person's e-mail",
    "Mobilnummer (valgfritt)": "Mobile number (optional)",
    "Fil med medlemmer (Excel .xlsx eller CSV)": "File of members (Excel .xlsx or CSV)",
    "Velg en fil.": "Choose a file.",
    "Velg en Excel-fil (.xlsx) eller en CSV-fil (.csv).":
        "Choose an Excel file (.xlsx) or a CSV file (.csv).",
    "Hvem kan melde seg på?": "Who may register?",
    "Nettverk": "Networks",
    "Velg hvem som kan melde seg på.": "Choose who may register.",
    "Velg et nettverk fra listen.": "Choose a network from the list.",
    "Velg nettverket hvis medlemmene skal kunne melde seg på.":
        "Choose the network whose members may register.",
    "Alle medlemmene i et nettverk": "All members of a network",
    "Deltakerne på et annet arrangement (for eksempel en instruktørliste)":
        "The participants of another event (for example an instructor list)",
    "E-postadresser (én per linje, eller én person)":
        "E-mail addresses (one per line, or one person)",
    "Listen er for lang: høyst 50 000 tegn.": "The list is too long: at most 50,000 characters.",
    "Disse er ikke gyldige e-postadresser: %(list)s":
        "These are not valid e-mail addresses: %(list)s",
    "Velg fra listen.": "Choose from the list.",
    "Velg et nettverk eller et arrangement, eller skriv inn minst én e-postadresse.":
        "Choose a network or an event, or enter at least one e-mail address.",
    "Ukjent kommune: «%(value)s».": "Unknown municipality: «%(value)s».",
    "Filen kunne ikke leses som Excel (.xlsx).": "The file could not be read as Excel (.xlsx).",
    "Filen har ingen ark.": "The file has no sheet.",
    "Filen er tom.": "The file is empty.",
    "Første rad må ha kolonnene Navn, E-post, Kommune, Arbeidssted og Stilling (Mobil kan "
    "tas med).": "The first row must have the columns Navn, E-post, Kommune, Arbeidssted and "
                 "Stilling (Mobil may be included).",
    "Filen har mer enn %(n)s rader.": "The file has more than %(n)s rows.",
    "Invitasjonslenken er ikke gyldig.": "The invitation link is not valid.",
    "Denne invitasjonen er allerede brukt. Se e-posten med bekreftelsen, eller bruk «Finn "
    "påmeldingen min».": "This invitation has already been used. See the confirmation "
                         "e-mail, or use «Find my registration».",
    "Invitasjonen gjelder en annen e-postadresse. Bruk e-postadressen invitasjonen ble sendt "
    "til.": "The invitation is for another e-mail address. Use the address the invitation "
            "was sent to.",
    "Nettverket er opprettet.": "The network has been created.",
    "%(email)s er allerede medlem av nettverket.": "%(email)s is already a member of the "
                                                   "network.",
    "%(name)s er lagt til som medlem.": "%(name)s has been added as a member.",
    "Medlemmet er fjernet, og opplysningene om det er slettet.":
        "The member has been removed, and their details deleted.",
    "Importen kunne ikke lagres. Last opp filen på nytt.":
        "The import could not be saved. Upload the file again.",
    "Ingen rader var valgt, så ingenting er lagret.": "No rows were chosen, so nothing was "
                                                      "saved.",
    "%(added)s nye medlemmer, %(updated)s oppdatert.": "%(added)s new members, %(updated)s "
                                                       "updated.",
    "Meldingen sendes til %(n)s medlemmer.": "The message is being sent to %(n)s members.",
    "Ingen": "None",
    "%(sent)s invitasjoner sendes. %(already)s var invitert fra før.":
        "%(sent)s invitations are being sent. %(already)s were already invited.",
    "Til stede (fysisk)": "Present (in person)",
    "Til stede (digitalt)": "Present (online)",
    "Fravær": "Absent",
    "Dette arrangementet er bare for medlemmer av nettverket.":
        "This event is for members of the network only.",
    "Dette arrangementet er bare for inviterte.": "This event is by invitation only.",
    "Nettverk og invitasjoner": "Networks and invitations",
    "Er du fast medlem av et nettverk (for eksempel Mellomledernettverket), lagrer vi navn, "
    "e-post, eventuelt mobil, kommune, arbeidssted og stilling i medlemslisten, så lenge du "
    "er medlem: e-postadressen avgjør om du kan melde deg på samlinger som bare er for "
    "medlemmene, og arrangøren bruker listen til invitasjoner, meldinger og "
    "oppmøteoversikten. Når du går ut av nettverket, slettes opplysningene om deg i "
    "medlemslisten. Samlingene du var påmeldt, følger reglene over.":
        "If you are a fixed member of a network (for example Mellomledernettverket), we keep "
        "your name, e-mail, mobile if given, municipality, workplace and role in the member "
        "list for as long as you are a member: the e-mail address decides whether you may "
        "register for gatherings that are for members only, and the organiser uses the list "
        "for invitations, messages and the attendance overview. When you leave the network, "
        "your details in the member list are deleted. The gatherings you registered for "
        "follow the rules above.",
    "Blir du invitert til et arrangement som bare er for inviterte, lagrer vi navnet og "
    "e-postadressen invitasjonen ble sendt til, og om den er brukt. Invitasjonen slettes når "
    "påmeldingene til arrangementet anonymiseres.":
        "If you are invited to an invitation-only event, we keep the name and e-mail address "
        "the invitation was sent to, and whether it has been used. The invitation is deleted "
        "when the event's registrations are anonymised.",
    "Ber du oss slette alt om e-postadressen din, slettes også medlemskap i nettverk og "
    "invitasjoner.": "If you ask us to delete everything about your e-mail address, network "
                     "memberships and invitations are deleted too.",
    "Hvem kan melde seg på": "Who may register",
    "Invitasjoner": "Invitations",
    "For medlemmer av %(network)s": "For members of %(network)s",
    "Alle nettverk": "All networks",
    "Nettverket": "The network",
    "Medlemmer": "Members",
    "Importer fra fil": "Import from file",
    "fysisk": "in person",
    "Medlemmene av nettverket kan melde seg på når arrangementet er bare for medlemmer. "
    "Arrangementet blir også en av nettverkets samlinger (oppmøte, «meld meg på alle»).":
        "The network's members may register when the event is for members only. The event "
        "also becomes one of the network's gatherings (attendance, «register me for all»).",
    "Rediger nettverket": "Edit the network",
    "Nytt nettverk": "New network",
    "Vises for dem som ikke står i medlemslisten, så de vet hvem de kan spørre.":
        "Shown to people not in the member list, so they know whom to ask.",
    "Importer medlemmer": "Import members",
    "Importer medlemmer fra fil": "Import members from a file",
    "Første rad må ha kolonnene Navn, E-post, Kommune, Arbeidssted og Stilling; Mobil kan "
    "tas med. Kommune kan være navnet eller kommunenummeret. Ingenting lagres før du har "
    "sett over radene og bekreftet.":
        "The first row must have the columns Navn, E-post, Kommune, Arbeidssted and "
        "Stilling; Mobil may be included. Kommune may be the name or the municipality number. "
        "Nothing is saved until you have looked over the rows and confirmed.",
    "Vis forhåndsvisning": "Show preview",
    "Forhåndsvisning": "Preview",
    "%(good)s av %(all)s rader kan lagres.": "%(good)s of %(all)s rows can be saved.",
    "Rad": "Row",
    "Resultat": "Result",
    "Lagre rad %(n)s": "Save row %(n)s",
    "Feil": "Error",
    "Er medlem: oppdateres": "Already a member: updated",
    "Ny": "New",
    "Slått sammen med rad %(lines)s (samme e-post).": "Merged with row %(lines)s (same "
                                                      "e-mail).",
    "Lagre de valgte radene": "Save the chosen rows",
    "Nettverk med faste medlemmer. Et arrangement kan være bare for medlemmene av et "
    "nettverk, eller bare for inviterte.":
        "Networks with fixed members. An event can be for the members of a network only, or "
        "by invitation only.",
    "Du har ingen nettverk ennå.": "You have no networks yet.",
    "Invitasjon": "Invitation",
    "Du er invitert.": "You are invited.",
    "Tid:": "When:",
    "Hendelse": "Event",
    "%(added)s nye, %(updated)s oppdatert": "%(added)s new, %(updated)s updated",
    ("%(num)s mottaker", "%(num)s mottakere"): ("%(num)s recipient", "%(num)s recipients"),
    "Svar på invitasjonen": "Answer the invitation",
    "Vi har fylt inn det vi vet. Se over og rett om noe er feil.":
        "We have filled in what we know. Look it over and correct anything that is wrong.",
    "Jeg kommer:": "I will attend:",
    "Jeg kommer": "I will attend",
    "Inviter": "Invite",
    "Arrangementet er ikke «bare for inviterte». Invitasjonene sendes likevel, men alle kan "
    "melde seg på.": "The event is not «by invitation only». The invitations are sent all "
                     "the same, but anyone may register.",
    "Hver person får en personlig lenke på e-post. Lenken gjelder bare den e-postadressen, "
    "og kan brukes én gang.": "Each person gets a personal link by e-mail. The link is for "
                              "that e-mail address only, and can be used once.",
    "For eksempel kari@kommune.no, eller Kari Nordmann <kari@kommune.no>.":
        "For example kari@kommune.no, or Kari Nordmann <kari@kommune.no>.",
    "Send invitasjoner": "Send invitations",
    ("%(num)s invitert", "%(num)s inviterte"): ("%(num)s invited", "%(num)s invited"),
    "Påmeldt %(when)s": "Registered %(when)s",
    "Ikke svart": "No answer",
    "Send melding til alle medlemmene": "Send a message to all members",
    ("Meldingen sendes på e-post til %(num)s medlem.",
     "Meldingen sendes på e-post til %(num)s medlemmer."):
        ("The message is sent by e-mail to %(num)s member.",
         "The message is sent by e-mail to %(num)s members."),
    "Meld deg på alle samlingene": "Register for all the gatherings",
    ("Du er meldt på %(num)s samling. Du får en e-post med bekreftelse for hver.",
     "Du er meldt på %(num)s samlinger. Du får en e-post med bekreftelse for hver."):
        ("You are registered for %(num)s gathering. You get a confirmation e-mail for each.",
         "You are registered for %(num)s gatherings. You get a confirmation e-mail for "
         "each."),
    "på venteliste": "on the waiting list",
    "se påmeldingen": "see the registration",
    "Meld deg på alle de kommende samlingene i nettverket på én gang. Påmeldingen gjelder "
    "medlemmene: bruk e-postadressen du står med i medlemslisten.":
        "Register for all the network's coming gatherings at once. Registration is for the "
        "members: use the e-mail address you have in the member list.",
    "Samlingene": "The gatherings",
    "Meld meg på alle": "Register me for all",
    "Meld meg på alle samlingene": "Register me for all the gatherings",
    "Oppmøte: medlemmer og samlinger": "Attendance: members and gatherings",
    "Last ned som Excel": "Download as Excel",
    "Medlem": "Member",
    "Oppmøtet vises når nettverket har medlemmer og samlinger.":
        "Attendance is shown when the network has members and gatherings.",
    "Kontaktperson:": "Contact person:",
    "Samlinger": "Gatherings",
    "bare for medlemmer": "members only",
    "bare for inviterte": "by invitation only",
    "Medlemmene kan melde seg på alle kommende samlinger på én gang her:":
        "Members can register for all coming gatherings at once here:",
    "Ingen arrangementer er knyttet til nettverket ennå. Velg nettverket under «Hvem kan "
    "melde seg på» på et arrangement.": "No events are linked to the network yet. Choose "
                                        "the network under «Who may register» on an event.",
    ("%(num)s medlem", "%(num)s medlemmer"): ("%(num)s member", "%(num)s members"),
    "Legg til et medlem": "Add a member",
    "Rett opp dette:": "Correct this:",
    "Påmeldingen er for medlemmene av %(network)s: bruk e-postadressen du står med i "
    "medlemslisten.": "Registration is for the members of %(network)s: use the e-mail "
                      "address you have in the member list.",
    "Meld deg på alle samlingene i nettverket på én gang":
        "Register for all the network's gatherings at once",
    "Dette arrangementet er bare for inviterte. Har du fått en invitasjon, meld deg på med "
    "lenken i e-posten.": "This event is by invitation only. If you have received an "
                          "invitation, register with the link in the e-mail.",
}
