"""English names of the satsingsområder the migration seeds (events/catalogue.TOPIC_LABELS)."""

EN = {
    "Demens": "Dementia",
    "Helseteknologi": "Health technology",
    "Legemidler": "Medicines",
    "Pårørende": "Next of kin",
    "Rehabilitering og hverdagsmestring": "Rehabilitation and everyday coping",
    "TryggEst": "TryggEst (safeguarding adults at risk)",
    "Utviklingshemming": "Intellectual disability",
}
