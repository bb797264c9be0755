//! Prints, for each line of stdin, the boilerplate rule it matches (if any):
//! a tool for tuning `rules.rs`.
use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        let rule = consilience_extract::rules::boilerplate(&line)
            .or_else(|| consilience_extract::rules::terminator(&line).map(|_| "terminator"));
        println!("{:<20} {}", rule.unwrap_or("-"), line);
    }
}
