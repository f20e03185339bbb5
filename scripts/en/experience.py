"""English for issue 17a: error summaries, the kommune combobox, searches, exports, charts."""

EN = {
    "Feil": "Error",
}
