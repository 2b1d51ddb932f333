//! Prints what figuren reads as a paper's metadata (family, fields, people, evidence,
//! questions, diagnostics of the structure stage), without a database:
//! `cargo run --release --example paper -- PDF… [--questions] [--evidence]`.

use figuren::pipeline::{read_file, Options};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let questions = args.iter().any(|a| a == "--questions");
    let evidence = args.iter().any(|a| a == "--evidence");
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let r = match read_file(std::path::Path::new(path), &Options::full()) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let Some(st) = r.structure else { continue };
        let m = &st.meta;
        println!("== {path}");
        println!(
            "  family {:?} profile {:?} kind {:?}",
            st.family, st.profile, m.kind
        );
        println!(
            "  identifier {:?} chamber {:?} vergaderjaar {:?} number {:?} dossier {:?} ondernummer {:?}",
            m.identifier, m.chamber, m.vergaderjaar, m.number, m.dossier, m.ondernummer
        );
        println!(
            "  subject {:?}\n  submitted {:?} answered {:?} published {:?} kenmerk {:?} sender {:?}",
            m.subject, m.submitted_on, m.answered_on, m.published_on, m.kenmerk, m.sender
        );
        for p in &m.people {
            println!(
                "  {:<12} {:?} {:?} {:?}",
                p.role.as_str(),
                p.name,
                p.party,
                p.office
            );
        }
        if evidence {
            for e in &m.evidence {
                println!(
                    "  evidence {:<12} {:?} p{} {}",
                    e.field.as_str(),
                    e.value,
                    e.page,
                    e.source
                );
            }
        }
        let qs: Vec<String> = st
            .questions
            .iter()
            .map(|q| {
                format!(
                    "{}{}",
                    q.numbers,
                    if q.answer.is_some() {
                        ""
                    } else {
                        "(no answer)"
                    }
                )
            })
            .collect();
        println!("  questions [{}]", qs.join("|"));
        if questions {
            for q in &st.questions {
                println!(
                    "  Q{} p{} notes {:?}/{:?}: {:?}\n     A{:?}: {:?}",
                    q.numbers,
                    q.page,
                    q.question_notes,
                    q.answer_notes,
                    q.question,
                    q.answer_numbers,
                    q.answer
                );
            }
        }
        for c in &st.citations {
            if c.kind.as_str() != "url" {
                println!("  cites {} ({})", c.identifier, c.raw);
            }
        }
        for d in st.diagnostics.iter().filter(|d| d.stage == "structure") {
            println!("  diag {:?}", d.message);
        }
    }
}
