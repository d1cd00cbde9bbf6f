//! Properties of the interop formats: the CSV export reads back to the same fields whatever the
//! text, Anki's text export reads back to the fields its writer was given, and no input makes
//! the Anki text importer or the HTML converter panic.

use kioku::interop::anki_text::parse;
use kioku::interop::html::html_to_markdown;
use kioku::interop::table::{ExportRow, to_csv};
use proptest::prelude::*;

/// Text as cards have it: Japanese, ASCII punctuation CSV cares about, line breaks, tabs.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 ,\"'\\t\\n\\r;:#日本語の耐久性（）、。*_<>&-]{0,24}")
        .unwrap()
}

proptest! {
    #[test]
    fn csv_export_reads_back_field_for_field(fields in proptest::collection::vec(text(), 8)) {
        let row = ExportRow {
            id: fields[0].clone(),
            deck: fields[1].clone(),
            section: fields[2].clone(),
            kind: fields[3].clone(),
            front: fields[4].clone(),
            back: fields[5].clone(),
            state: fields[6].clone(),
            due: fields[7].clone(),
        };
        let bytes = to_csv(std::slice::from_ref(&row));
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        let back: Vec<Vec<String>> = r
            .records()
            .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
            .collect();
        prop_assert_eq!(back, vec![fields]);
    }

    #[test]
    fn anki_text_reads_back_what_a_csv_writer_wrote(
        notes in proptest::collection::vec((text(), text()), 1..6)
    ) {
        let mut w = csv::WriterBuilder::new().delimiter(b'\t').from_writer(Vec::new());
        for (i, (front, back)) in notes.iter().enumerate() {
            w.write_record([format!("g{i}").as_str(), front, back]).unwrap();
        }
        let body = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let text = format!("#separator:tab\n#html:false\n#guid column:1\n{body}");
        let parsed = parse("p.txt", &text).unwrap();
        let expected: Vec<(String, String, String)> = notes
            .iter()
            .enumerate()
            .filter(|(_, (f, b))| !f.trim().is_empty() && !b.trim().is_empty())
            .map(|(i, (f, b))| (format!("g{i}"), f.trim().to_string(), b.trim().to_string()))
            .collect();
        let got: Vec<(String, String, String)> = parsed
            .cards
            .iter()
            .map(|c| (c.card.id.clone(), c.card.front.clone(), c.card.back.clone()))
            .collect();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn no_input_makes_the_importer_panic(s in "(#[a-z ]{0,12}:[a-z0-9 ]{0,6}\\n){0,3}[\\PC\\t\\n\"<>&{}:]{0,200}") {
        let _ = parse("any.txt", &s);
        let _ = html_to_markdown(&s);
    }
}
