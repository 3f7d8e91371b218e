"""The kinds of event the network's record names (issue 16), in Italian and English: what
`services.add_standard_kinds` writes into an empty list (the demo loader does so before its
events). Not a data migration: rows migrate writes cannot be restored after a test's flush
(cocopa/testing_db.py), and the list is the office's to change."""

STANDARD_KINDS: tuple[tuple[str, str, str], ...] = (
    ("conference", "Convegno", "Conference"),
    ("seminar", "Seminario", "Seminar"),
    ("course", "Corso", "Course"),
    ("exhibition", "Mostra", "Exhibition"),
    ("commemoration", "Commemorazione", "Commemoration"),
    ("march", "Marcia", "March"),
    ("mission-debrief", "Restituzione di una missione", "Mission debrief"),
    ("public-evening", "Serata pubblica", "Public evening"),
    ("meeting", "Incontro", "Meeting"),
    ("hearing", "Audizione", "Hearing"),
    ("inauguration", "Inaugurazione", "Inauguration"),
    ("ceremony", "Cerimonia", "Ceremony"),
    ("other", "Altro", "Other"),
)
