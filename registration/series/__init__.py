"""A series of events (the spring and autumn rounds of a webinar series, a network's
gatherings in a year): a public page, «meld meg på alle», and evaluations compared by it."""
