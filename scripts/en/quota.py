# ruff: noqa: E501  (one message a line: easier to check against the Norwegian)
"""English for fair shares per kommune (the kommune quota)."""

EN = {
    "Løftet kommunekvoten for en deltaker": "Lifted the kommune quota for a participant",
    "Maks plasser per kommune (valgfritt)": "Maximum seats per kommune (optional)",
    "Skriv et tall fra 1, eller la feltet stå tomt for ingen grense.": "Enter a number from 1, or leave the field empty for no limit.",
    "%(name)s har fått plass utenom kommunekvoten.": "%(name)s has a seat outside the kommune quota.",
    "Kommunekvoten gjelder ikke lenger for %(name)s, som får plass når en plass blir ledig.": "The kommune quota no longer applies to %(name)s, who gets a seat when one frees up.",
    "Kommunen din har fått sine plasser, og arrangementet har ikke venteliste.": "Your kommune has its seats, and the event has no waiting list.",
    "Kommunen din har fått sine %(n)s plasser. Du står på ventelisten og får plass hvis en fra kommunen din melder seg av, eller hvis arrangøren gir deg plass.": "Your kommune has had its %(n)s seats. You are on the waiting list and get a seat if someone from your kommune cancels, or if the organiser gives you one.",
    "Kommunen har fått sine plasser": "The kommune has its seats",
    "Løft kommunekvoten": "Lift the kommune quota",
    "Rettferdig fordeling: flere fra samme kommune settes på ventelisten, og en ledig plass går til den første i køen fra en kommune under grensen.": "Fair shares: more from the same kommune go on the waiting list, and a free seat goes to the first in line from a kommune under the limit.",
}
