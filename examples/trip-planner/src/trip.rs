//! What a trip request says (where to, for how many days), read from the user's messages,
//! and the plan written for it.

/// The longest trip the planner plans, in days.
pub const MAX_DAYS: u32 = 14;

/// The question asked when a request names no destination.
pub const ASK_DESTINATION: &str = "Where would you like to go?";

/// A detail the planner needs before it can plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Where the trip goes.
    Destination,
    /// How many days it lasts, from 1 to [`MAX_DAYS`].
    Days,
}

/// The details of a trip known so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trip {
    /// Where to, as the user wrote it.
    pub destination: Option<String>,
    /// How many days, from 1 to [`MAX_DAYS`].
    pub days: Option<u32>,
}

impl Trip {
    /// Reads a whole request such as "Plan a 3-day trip to Lisbon": the destination
    /// follows the last word "to", the length is a number before "day(s)" or in "N-day".
    pub fn parse(text: &str) -> Self {
        Self { destination: destination_after_to(text), days: days_in(text) }
    }

    /// Reads the user's messages of a conversation in order: the first is the request,
    /// and each later one answers the question the planner asked after the one before
    /// (always the first missing detail, so the question need not be stored).
    pub fn from_messages<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut texts = texts.into_iter();
        let mut trip = texts.next().map(Self::parse).unwrap_or_default();
        for text in texts {
            match trip.missing() {
                Some(detail) => trip.answer(detail, text),
                None => break,
            }
        }
        trip
    }

    /// Takes `text` as the answer to a question about `detail`. An answer may carry more
    /// than was asked ("Lisbon, 3 days"); an answer that does not do (an empty place, a
    /// number of days out of range) leaves the detail missing, so it is asked again.
    pub fn answer(&mut self, detail: Detail, text: &str) {
        let parsed = Self::parse(text);
        match detail {
            Detail::Destination => {
                self.destination = parsed.destination.or_else(|| place(text));
                self.days = self.days.or(parsed.days);
            }
            Detail::Days => self.days = parsed.days.or_else(|| first_number(text)),
        }
    }

    /// The first detail still missing, if any.
    pub fn missing(&self) -> Option<Detail> {
        if self.destination.is_none() {
            Some(Detail::Destination)
        } else if self.days.is_none() {
            Some(Detail::Days)
        } else {
            None
        }
    }

    /// The question that asks for `detail`.
    pub fn question(&self, detail: Detail) -> String {
        match detail {
            Detail::Destination => ASK_DESTINATION.to_string(),
            Detail::Days => format!(
                "How many days will you spend in {}? (1 to {MAX_DAYS})",
                self.destination.as_deref().unwrap_or("your destination")
            ),
        }
    }
}

/// The first day of every trip.
const ARRIVAL: &str =
    "Arrive, check in, and walk the old town of {} to get your bearings; an early dinner near the hotel.";

/// The last day of a trip longer than one day.
const DEPARTURE: &str = "A last breakfast somewhere new in {}, then pack and head home.";

/// The days in between, in turn.
const MIDDLE: [&str; 5] = [
    "Museums in the morning, the central market at noon, and the best viewpoint of {} at sunset.",
    "A day trip out of {}: the coast or the hills, back in time for a late dinner.",
    "The neighbourhoods of {} off the usual route: small galleries, a long lunch, a park.",
    "A food day in {}: a cooking class or a tasting walk, then a slow evening.",
    "A free day in {}, kept open for whatever you liked most so far.",
];

/// The plan for `days` days in `destination`, one paragraph per element: a title, then
/// one paragraph per day. The planner streams each paragraph as one artifact chunk.
pub fn plan(destination: &str, days: u32) -> Vec<String> {
    let mut paragraphs = vec![format!("{} in {destination}", length(days))];
    for day in 1..=days {
        let text = match day {
            1 => ARRIVAL,
            _ if day == days => DEPARTURE,
            _ => MIDDLE[(day as usize - 2) % MIDDLE.len()],
        };
        paragraphs.push(format!("Day {day}: {}", text.replace("{}", destination)));
    }
    paragraphs
}

/// "1 day", "3 days".
pub fn length(days: u32) -> String {
    if days == 1 { "1 day".to_string() } else { format!("{days} days") }
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

fn trim_punctuation(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
}

/// A number of days within range.
fn valid_days(n: u32) -> Option<u32> {
    (1..=MAX_DAYS).contains(&n).then_some(n)
}

/// "3 days", "3-day", "3-days": a number tied to the word day.
fn days_in(text: &str) -> Option<u32> {
    let words = words(text);
    for (i, word) in words.iter().enumerate() {
        let word = trim_punctuation(word).to_ascii_lowercase();
        if let Some((n, _)) = word.split_once('-').filter(|(_, unit)| unit.starts_with("day")) {
            return n.parse().ok().and_then(valid_days);
        }
        let next_is_day = words.get(i + 1).is_some_and(|w| trim_punctuation(w).to_ascii_lowercase().starts_with("day"));
        match word.parse() {
            Ok(n) if next_is_day => return valid_days(n),
            _ => {}
        }
    }
    None
}

/// Any number, for an answer to "how many days?".
fn first_number(text: &str) -> Option<u32> {
    words(text).into_iter().find_map(|w| trim_punctuation(w).parse().ok()).and_then(valid_days)
}

/// The place after the last word "to": "a trip to Lisbon for 3 days" gives "Lisbon".
fn destination_after_to(text: &str) -> Option<String> {
    let words = words(text);
    let at = words.iter().rposition(|w| w.eq_ignore_ascii_case("to"))?;
    place(&words[at + 1..].join(" "))
}

/// A place named at the start of `text`, up to punctuation or a word that starts
/// something else ("for 3 days", "in May").
fn place(text: &str) -> Option<String> {
    let end = text.find([',', '.', '!', '?', ';', '(']).unwrap_or(text.len());
    let mut kept = Vec::new();
    for word in text[..end].split_whitespace() {
        let lower = word.to_ascii_lowercase();
        if ["for", "in", "on", "with", "during", "from"].contains(&lower.as_str()) || word.parse::<u32>().is_ok() {
            break;
        }
        kept.push(word);
    }
    let place = kept.join(" ");
    (!place.is_empty()).then_some(place)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_request_names_both_details() {
        let trip = Trip::parse("Plan a 3-day trip to Lisbon, please");
        assert_eq!(trip.destination.as_deref(), Some("Lisbon"));
        assert_eq!(trip.days, Some(3));
        assert_eq!(Trip::parse("I want to go to New York for 5 days").days, Some(5));
        assert_eq!(Trip::parse("I want to go to New York for 5 days").destination.as_deref(), Some("New York"));
        assert_eq!(trip.missing(), None);
    }

    #[test]
    fn missing_details_are_asked_in_order() {
        let trip = Trip::parse("Plan a trip");
        assert_eq!(trip.missing(), Some(Detail::Destination));
        assert_eq!(trip.question(Detail::Destination), ASK_DESTINATION);
        let trip = Trip::parse("Plan a trip to Porto");
        assert_eq!(trip.missing(), Some(Detail::Days));
        assert_eq!(trip.question(Detail::Days), "How many days will you spend in Porto? (1 to 14)");
    }

    #[test]
    fn answers_fill_the_detail_asked_for() {
        let trip = Trip::from_messages(["Plan a trip", "Lisbon", "4"]);
        assert_eq!(trip, Trip { destination: Some("Lisbon".into()), days: Some(4) });
        let trip = Trip::from_messages(["Plan a trip", "Lisbon, 2 days"]);
        assert_eq!(trip, Trip { destination: Some("Lisbon".into()), days: Some(2) });
        let trip = Trip::from_messages(["Plan a 30-day trip to Rome", "a month", "six", "6"]);
        assert_eq!(trip, Trip { destination: Some("Rome".into()), days: Some(6) });
        assert_eq!(Trip::from_messages(["trip", "  "]).missing(), Some(Detail::Destination));
    }

    #[test]
    fn the_plan_has_a_title_and_a_paragraph_per_day() {
        let plan = plan("Lisbon", 3);
        assert_eq!(plan.len(), 4);
        assert_eq!(plan[0], "3 days in Lisbon");
        assert!(plan[1].starts_with("Day 1: Arrive"));
        assert!(plan[3].starts_with("Day 3: A last breakfast somewhere new in Lisbon"));
        assert_eq!(super::plan("Oslo", 1), ["1 day in Oslo", &format!("Day 1: {}", ARRIVAL.replace("{}", "Oslo"))]);
    }
}
