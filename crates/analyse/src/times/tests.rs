//! Unit tests for the time finder: the seed forms and TimeBank-style forms.
use super::*;
use consilience_core::TimexType::{Date as DateT, Duration, Set as SetT, Time};

fn anchor() -> Option<Date> {
    Some(jiff::civil::date(2023, 12, 8))
}

fn find(text: &str, a: Option<Date>) -> Vec<TimeMention> {
    find_times(text, a)
}

/// The one mention whose text is `t`.
fn one<'a>(ms: &'a [TimeMention], t: &str) -> &'a TimeMention {
    ms.iter().find(|m| m.text == t).unwrap_or_else(|| {
        panic!("no mention {t:?} in {:?}", ms.iter().map(|m| (&m.text, &m.value)).collect::<Vec<_>>())
    })
}

fn check(text: &str, a: Option<Date>, t: &str, value: &str, kind: TimexType) -> TimeMention {
    let ms = find(text, a);
    let m = one(&ms, t).clone();
    assert_eq!(m.value, value, "value of {t:?} in {text:?}");
    assert_eq!(m.kind, kind, "type of {t:?} in {text:?}");
    let s: String = text.chars().skip(m.span.start).take(m.span.end - m.span.start).collect();
    assert_eq!(s, m.text, "span of {t:?}");
    m
}

#[test]
fn weekdays() {
    let m = check("Salvoes of rockets were launched Friday at the embassy.", anchor(), "Friday", "2023-12-08", DateT);
    assert_eq!(m.date, DateFacets { year: Some(2023), month: Some(12), day: Some(8), weekday: Some(5) });
    assert!(!m.frame);
    let m = check("Salvoes of rockets were launched Friday at the embassy.", None, "Friday", "XXXX-WXX-5", DateT);
    assert_eq!(m.date, DateFacets { weekday: Some(5), ..Default::default() });
    let m = check(
        "Two rockets hit the embassy on Friday morning, officials said.",
        anchor(),
        "Friday morning",
        "2023-12-08TMO",
        Time,
    );
    assert!(m.clock.unwrap().tolerance_minutes >= 120);
    check("But Friday's rocket attack was the first.", anchor(), "Friday", "2023-12-08", DateT);
    let m = check(
        "Explosions were heard early on Friday morning in the vicinity.",
        anchor(),
        "early on Friday morning",
        "2023-12-08TMO",
        Time,
    );
    assert_eq!(m.clock.unwrap().hour, 4);
    let m = check(
        "Multiple rockets hit near the US embassy early Sunday, a source said.",
        None,
        "early Sunday",
        "XXXX-WXX-7TMO",
        Time,
    );
    assert_eq!(m.date.weekday, Some(7));
    // anchor Wednesday 2023-12-06: a past Sunday is 2023-12-03
    check("Rockets hit early Sunday.", Some(jiff::civil::date(2023, 12, 6)), "early Sunday", "2023-12-03TMO", Time);
    // future tense: the next one
    check(
        "The minister will visit Baghdad on Friday.",
        Some(jiff::civil::date(2023, 12, 6)),
        "Friday",
        "2023-12-08",
        DateT,
    );
    check("They meet next Friday.", anchor(), "next Friday", "2023-12-15", DateT);
    check("They met last Friday.", anchor(), "last Friday", "2023-12-01", DateT);
    check("It happened Wednesday.", anchor(), "Wednesday", "2023-12-06", DateT);
}

#[test]
fn parts_of_day() {
    let m = check("rockets landed on the outskirts at dawn.", anchor(), "dawn", "2023-12-08TMO", Time);
    let c = m.clock.unwrap();
    assert!(c.tolerance_minutes >= 90 && !c.utc);
    check("The vote came at midnight.", anchor(), "midnight", "2023-12-08T00:00", Time);
    check("They met at noon.", anchor(), "noon", "2023-12-08T12:00", Time);
    check("He spoke this morning.", anchor(), "this morning", "2023-12-08TMO", Time);
    check("He spoke last night.", anchor(), "last night", "2023-12-07TNI", Time);
}

#[test]
fn clock_times_and_utc() {
    let text = "the US embassy said rockets were fired at the mission compound at around 4.15am (0115 GMT).";
    let ms = find(text, anchor());
    let l = one(&ms, "around 4.15am");
    assert_eq!(l.value, "2023-12-08T04:15");
    let c = l.clock.unwrap();
    assert_eq!((c.hour, c.minute, c.utc), (4, 15, false));
    assert!(c.tolerance_minutes >= 5 && c.tolerance_minutes <= 20);
    let u = one(&ms, "0115 GMT");
    assert_eq!(u.value, "2023-12-08T01:15Z");
    let c = u.clock.unwrap();
    assert_eq!((c.hour, c.minute, c.utc), (1, 15, true));
    let pairs = local_utc_pairs(&ms);
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].offset_minutes, 180);
    assert_eq!(clock_zone(u), ClockZone::Utc);
    assert_eq!(clock_zone(l), ClockZone::Unstated);
    // the UTC date can be the day before
    let ms = find("at 1.30am (2230 GMT)", anchor());
    assert_eq!(one(&ms, "2230 GMT").value, "2023-12-07T22:30Z");

    let m = check("An explosion was heard around 4am on Friday.", anchor(), "around 4am", "2023-12-08T04:00", Time);
    assert_eq!(m.clock.unwrap().tolerance_minutes, 30);
    let m = check("It began at 10:30 p.m. yesterday.", anchor(), "10:30 p.m. yesterday", "2023-12-07T22:30", Time);
    assert_eq!(m.clock.unwrap().hour, 22);
    check("at 10 p.m. Wednesday", anchor(), "10 p.m. Wednesday", "2023-12-06T22:00", Time);
    check("at 4.15am", None, "4.15am", "XXXX-XX-XXT04:15", Time);
}

#[test]
fn machine_translated_clock() {
    let text = "About 4 o’clock 20 minutes local (3:20 a.m. Lithuanian) time, “three Katyusha rockets fell.";
    let ms = find(text, anchor());
    let l = one(&ms, "About 4 o’clock 20 minutes local");
    let c = l.clock.unwrap();
    assert_eq!((c.hour, c.minute, c.utc), (4, 20, false));
    assert!(c.tolerance_minutes >= 10);
    assert_eq!(clock_zone(l), ClockZone::Local);
    let f = one(&ms, "3:20 a.m. Lithuanian");
    assert!(f.clock.is_none(), "a foreign-zone time has no clock");
    assert_eq!(clock_zone(f), ClockZone::Named("Lithuanian".into()));
    assert!(local_utc_pairs(&ms).is_empty());
}

#[test]
fn dates() {
    let m = check("BAGHDAD, Dec 8 (Reuters) – Two rockets hit", anchor(), "Dec 8", "2023-12-08", DateT);
    assert_eq!(m.date.weekday, Some(5));
    check("BAGHDAD, Dec 8 (Reuters) – Two rockets hit", None, "Dec 8", "XXXX-12-08", DateT);
    let m = check("the war began on October 7, raising tensions", anchor(), "October 7", "2023-10-07", DateT);
    assert!(!m.frame);
    let m = check("at least 78 attacks since Oct. 17, 10 days after", anchor(), "Oct. 17", "2023-10-17", DateT);
    assert!(m.frame);
    let m = check(
        "Since mid-October, groups have carried out dozens of strikes",
        anchor(),
        "mid-October",
        "2023-10",
        DateT,
    );
    assert!(m.frame);
    check("In late December, a rocket attack on K1", None, "late December", "XXXX-12", DateT);
    check(
        "In late December, a rocket attack on K1",
        Some(jiff::civil::date(2020, 1, 5)),
        "late December",
        "2019-12",
        DateT,
    );
    check("In November, Austin asserted", anchor(), "November", "2023-11", DateT);
    check("which seized large swaths in 2014. Defeated.", anchor(), "2014", "2014", DateT);
    let m = check("2024-08-16 09:42:49", None, "2024-08-16 09:42:49", "2024-08-16T09:42:49", Time);
    assert_eq!(m.clock.unwrap().hour, 9);
    let m = check("on Monday, Jan. 6, 2020, the", None, "Monday, Jan. 6, 2020", "2020-01-06", DateT);
    assert_eq!(m.date.weekday, Some(1));
    check("January 6, 2020", None, "January 6, 2020", "2020-01-06", DateT);
    check("6 January 2020", None, "6 January 2020", "2020-01-06", DateT);
    check("2020-01-06", None, "2020-01-06", "2020-01-06", DateT);
    check("12/08/2023", None, "12/08/2023", "2023-12-08", DateT);
    check("25/12/2023", None, "25/12/2023", "2023-12-25", DateT);
    check("the 1990s", None, "the 1990s", "199", DateT);
    check("a Dec. 20 meeting", anchor(), "Dec. 20", "2023-12-20", DateT);
    // more than two months after the anchor: previous year
    check("on March 3 they met", anchor(), "March 3", "2023-03-03", DateT);
    check("on Feb. 20 they met", anchor(), "Feb. 20", "2023-02-20", DateT);
    check("on March 20 they met", Some(jiff::civil::date(2024, 1, 5)), "March 20", "2023-03-20", DateT);
    check("on Dec. 28 they met", Some(jiff::civil::date(2024, 1, 5)), "Dec. 28", "2023-12-28", DateT);
}

#[test]
fn relative() {
    let m =
        check("After the ceasefire ended last week, groups renewed attacks", anchor(), "last week", "2023-W48", DateT);
    assert!(!m.frame);
    check("it ended last week", None, "last week", "XXXX-WXX", DateT);
    check("two days ago", anchor(), "two days ago", "2023-12-06", DateT);
    let m = check("The strike came a day after Sudani said", anchor(), "a day", "P1D", Duration);
    assert!(m.frame);
    check("he said yesterday", anchor(), "yesterday", "2023-12-07", DateT);
    check("he said today", anchor(), "today", "2023-12-08", DateT);
    check("he said this month", anchor(), "this month", "2023-12", DateT);
    check("it ends next year", anchor(), "next year", "2024", DateT);
    check("it took three weeks", anchor(), "three weeks", "P3W", Duration);
    check("earlier this month", anchor(), "earlier this month", "2023-12", DateT);
    check("now", anchor(), "now", "PRESENT_REF", DateT);
    let m = check("However, until now, missions have been spared.", anchor(), "now", "PRESENT_REF", DateT);
    assert!(m.frame);
    let m = check("attacks in recent weeks", anchor(), "recent weeks", "PXW", Duration);
    assert!(m.frame);
    let m = check("attacks over the past month", anchor(), "the past month", "2023-11", DateT);
    assert!(m.frame);
    check("the past two months", anchor(), "the past two months", "P2M", Duration);
    check("the third quarter", Some(jiff::civil::date(1989, 10, 26)), "the third quarter", "1989-Q3", DateT);
    check("third-quarter profit", Some(jiff::civil::date(1989, 10, 26)), "third-quarter", "1989-Q3", DateT);
    check(
        "profit rose from $5 a year earlier in the third quarter",
        Some(jiff::civil::date(1989, 10, 26)),
        "a year earlier",
        "1988",
        DateT,
    );
    check(
        "Third-quarter profit rose from $5 a year earlier",
        Some(jiff::civil::date(1989, 10, 26)),
        "a year earlier",
        "1988-Q3",
        DateT,
    );
    check("last year", Some(jiff::civil::date(1989, 10, 26)), "last year", "1988", DateT);
    check("a two-year contract", None, "two-year", "P2Y", Duration);
    check("the future", None, "the future", "FUTURE_REF", DateT);
    check("He recently said", None, "recently", "PAST_REF", DateT);
}

#[test]
fn not_times() {
    for t in [
        "There are roughly 2,500 US troops in Iraq and about 900 in Syria.",
        "It was the 19th attack since October to target the embassy.",
        "forces have been attacked at least 66 times, causing injuries",
        "with 17,177 people killed in bombings",
        "about 2.5 thousand are serving in Iraq",
        "the roughly 5,200 US troops",
        "about 1,200 people were killed",
        "about 2000 people were killed",
    ] {
        let ms = find(t, anchor());
        assert!(ms.iter().all(|m| !m.text.chars().any(|c| c.is_ascii_digit())), "{t}: {ms:?}");
    }
    let ms = find("It was the 19th attack since October to target the embassy.", anchor());
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].text, "October");
    assert!(ms[0].frame);
}

/// The seed reports (read from the shared folder beside the repository, when present).
#[test]
fn seeds() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("note: {} absent, seed test skipped", dir.display());
        return;
    };
    let mut names: Vec<_> =
        rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    names.sort();
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let ms = find_times(&text, anchor());
        let values: Vec<(&str, &str)> = ms.iter().map(|m| (m.text.as_str(), m.value.as_str())).collect();
        for m in &ms {
            assert!(
                !["2,500", "2500", "66", "17,177", "5,200", "19th"].iter().any(|n| m.text.contains(n)),
                "{name}: {values:?}"
            );
        }
        match &name[..3] {
            "001" => {
                assert!(values.contains(&("around 4.15am", "2023-12-08T04:15")), "{values:?}");
                assert!(values.contains(&("0115 GMT", "2023-12-08T01:15Z")), "{values:?}");
                assert!(values.contains(&("Friday", "2023-12-08")), "{values:?}");
            }
            "002" => {
                assert!(values.contains(&("Dec 8", "2023-12-08")), "{values:?}");
                assert!(values.contains(&("around 4am", "2023-12-08T04:00")), "{values:?}");
            }
            "003" => {
                assert!(values.contains(&("dawn", "2023-12-08TMO")), "{values:?}");
            }
            "000" => {
                assert!(values.contains(&("2024-08-16 09:42:49", "2024-08-16T09:42:49")), "{values:?}");
                assert!(
                    ms.iter().any(
                        |m| m.text.starts_with("About 4") && m.clock.is_some_and(|c| c.hour == 4 && c.minute == 20)
                    ),
                    "{values:?}"
                );
            }
            _ => {
                let ms = find_times(&text, None);
                assert!(ms.iter().any(|m| m.text == "early Sunday" && m.date.weekday == Some(7)));
            }
        }
    }
}

#[test]
fn tense_resolution() {
    let a = Some(jiff::civil::date(1989, 10, 26));
    check(
        "Mr. Schwarz, 52 years old, will succeed Daniel P. Davison Feb. 1, soon after.",
        a,
        "Feb. 1",
        "1990-02-01",
        DateT,
    );
    check("The split would be paid on a still unspecified date in January to holders.", a, "January", "1990-01", DateT);
    check("In September, it announced plans to acquire the business.", a, "September", "1989-09", DateT);
    check("The company changed its fiscal year in December.", a, "December", "1988-12", DateT);
}

#[test]
fn sets_and_durations() {
    check("They meet every Monday.", anchor(), "every Monday", "P1W/XXXX-WXX-1", SetT);
    check("published daily", anchor(), "daily", "P1D", SetT);
    check("a 16-hour flight", anchor(), "16-hour", "PT16H", Duration);
    check("for the next 14 months", anchor(), "the next 14 months", "P14M", Duration);
    let ms = find("a 6-year-old boy, 37 years old, paid $5 a year", anchor());
    assert!(ms.is_empty(), "{ms:?}");
}

#[test]
fn part_of_the_current_period() {
    check("Sales will rise by the end of the year.", anchor(), "the end of the year", "2023", DateT);
    check("He left at the start of the month.", anchor(), "the start of the month", "2023-12", DateT);
    // Alone, "the year" is a length of time.
    check("Revenue for the year rose.", anchor(), "the year", "P1Y", Duration);
}

#[test]
fn spoken_years() {
    check("In nineteen ninety-six the war ended.", anchor(), "nineteen ninety-six", "1996", DateT);
    check("It was built in nineteen eighty.", anchor(), "nineteen eighty", "1980", DateT);
    check("Back in nineteen oh five, trains ran.", anchor(), "nineteen oh five", "1905", DateT);
    // A count of people is no year.
    let ms = find("Nineteen twenty-year-olds were hired.", anchor());
    assert!(ms.iter().all(|m| !m.value.starts_with("19")), "{ms:?}");
}
