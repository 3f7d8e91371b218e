"""Text as searches and matches compare it: without case or accents. Pure.

One rule for the three places that compare what people type with what is stored: the search
(search/fold.py adds word boundaries), the municipality and document searches
(members.queries.folded adds the apostrophe's shapes) and the bank file's payers
(fees.services.normalised keeps only ASCII letters and digits).
"""

import unicodedata


def unaccented(text: str) -> str:
    """Lower case (casefold), accents removed: "Agliè" → "aglie", "CITTÀ" → "citta", "Straße" →
    "strasse". Letters without a decomposition ("ł", "ø") are kept as they are."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
