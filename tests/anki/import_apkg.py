"""Import a .apkg into an Anki collection with Anki's own Python package, and write what
Anki made of it as one JSON object to RESULT.json (tests/anki_import.rs checks it). A file,
not stdout: Anki's backend prints a warning there when a call blocks the main thread long.

Usage: python import_apkg.py COLLECTION.anki2 PACKAGE.apkg RESULT.json
The collection is created if missing; importing into the same one again shows whether a
re-export updates the notes or adds copies.
"""

import json
import os
import re
import sys

import anki.buildinfo

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest


def without_style(html: str) -> str:
    return re.sub(r"(?s)<style>.*?</style>", "", html).strip()


def main() -> None:
    collection_path, package, result = sys.argv[1], sys.argv[2], sys.argv[3]
    col = Collection(collection_path)
    try:
        request = ImportAnkiPackageRequest(
            package_path=package,
            options=ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False),
        )
        log = col.import_anki_package(request).log
        notes = {}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            card = note.cards()[0]
            notes[note.guid] = {
                "notetype": note.note_type()["name"],
                "fields": dict(note.items()),
                "tags": note.tags,
                "deck": col.decks.name(card.did),
                "cards": len(note.cards()),
                "question": without_style(card.question()),
                "answer": without_style(card.answer()),
            }
        with open(result, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "anki": anki.buildinfo.version,
                    "new": len(log.new),
                    "updated": len(log.updated),
                    "duplicate": len(log.duplicate),
                    "note_count": col.note_count(),
                    "card_count": col.card_count(),
                    "notetypes": sorted(m["name"] for m in col.models.all()),
                    "decks": sorted(d.name for d in col.decks.all_names_and_ids()),
                    "media_files": sorted(
                        name
                        for name in os.listdir(col.media.dir())
                        if not name.startswith(".")
                    ),
                    "notes": notes,
                },
                out,
                ensure_ascii=False,
                sort_keys=True,
            )
    finally:
        col.close()


if __name__ == "__main__":
    main()
