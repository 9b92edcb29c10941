//! What the linking automaton looks for: each written form's first [`KEY_BYTES`] bytes at most
//! (its key), the rest of a longer form checked in the text where its key is found.
//!
//! The automaton's size grows with the bytes of what it looks for: its build held about 32
//! bytes per byte of the forms while it made its final form, and a course of 6,000 terms named
//! in 100 characters (1.8 MB of forms) peaked 95 MB higher while it was built (heaptrack).
//! Keys of 16 bytes: most names fit (客户满意度 is 15 bytes), and many forms of one term share
//! a key (its aliases `net promoter score model`, `net promoter score survey`, … begin with
//! `net promoter sco`): on 6,000 English terms with 24 aliases each (150,000 forms of about 30
//! bytes), `check` took 1.12 s and 130 MB with keys of 64 bytes, 0.78 s and 97 MB with 24, 0.52 s
//! and 81 MB with 16; 6,000 chapters with 12 aliases a term built in 11.9 → 11.1 s of CPU, 121
//! → 97 MB; courses of short names are unchanged. A long form costs the automaton no more than
//! [`KEY_BYTES`].
//!
//! The automaton finds the longest key at the leftmost place any key is; [`FormKeys::form_at`]
//! then takes the longest of that key's forms the text goes on with, and when none does, the
//! forms of the longest other key it starts with. That is the longest form at that place, as
//! an automaton of the whole forms would find it: a form of a shorter key that is cut (not
//! whole) goes on with a character of several bytes where the longer key has a shorter one,
//! so it cannot be in the text there.

use std::cmp::Ordering;
use std::collections::HashMap;

/// The most bytes of a form the automaton looks for (cut back to a character's start).
pub(super) const KEY_BYTES: usize = 16;

/// A form under its key: the bytes after the key, ASCII lowercase, and the form's index.
struct Member {
    rest: Box<[u8]>,
    form: usize,
}

/// The keys of a list of forms (by index in that list), and each key's forms.
pub(super) struct FormKeys {
    /// Each key's length in bytes, by the automaton's pattern index.
    key_lens: Vec<usize>,
    /// Every key's forms, key after key, each key's sorted by their rests (an empty rest, the
    /// form that is its whole key, first); of forms alike but for ASCII case, the first.
    members: Vec<Member>,
    /// Where each key's forms start in `members`, and after the last where they end.
    starts: Vec<usize>,
    /// For a key that is no whole form: the longest other key it starts with (ASCII case
    /// aside), where to look when none of its forms is in the text.
    shorter: Vec<Option<usize>>,
}

impl FormKeys {
    /// The keys of `forms`, each at most `key_bytes` long, with the texts the automaton is built
    /// from (by pattern index).
    pub(super) fn new(forms: &[String], key_bytes: usize) -> (FormKeys, Vec<String>) {
        let mut texts: Vec<String> = Vec::new();
        let mut by_lowercase: HashMap<String, usize> = HashMap::new();
        let mut grouped: Vec<Vec<Member>> = Vec::new();
        for (form_index, form) in forms.iter().enumerate() {
            let cut = key_end(form, key_bytes);
            let lowercase = form.to_ascii_lowercase();
            let next = texts.len();
            let index = *by_lowercase.entry(lowercase[..cut].to_string()).or_insert(next);
            if index == next {
                texts.push(form[..cut].to_string());
                grouped.push(Vec::new());
            }
            grouped[index].push(Member { rest: lowercase.as_bytes()[cut..].into(), form: form_index });
        }
        let shorter = texts
            .iter()
            .zip(&grouped)
            .map(|(key, members)| {
                let whole = members.iter().any(|m| m.rest.is_empty());
                if whole {
                    return None;
                }
                let lowercase = key.to_ascii_lowercase();
                lowercase
                    .char_indices()
                    .rev()
                    .filter(|&(end, _)| end > 0)
                    .find_map(|(end, _)| by_lowercase.get(&lowercase[..end]).copied())
            })
            .collect();
        let mut starts = Vec::with_capacity(grouped.len() + 1);
        let mut members = Vec::with_capacity(forms.len());
        for mut group in grouped {
            starts.push(members.len());
            group.sort_by(|a, b| a.rest.cmp(&b.rest).then(a.form.cmp(&b.form)));
            group.dedup_by(|later, first| later.rest == first.rest);
            members.extend(group);
        }
        starts.push(members.len());
        let key_lens = texts.iter().map(String::len).collect();
        (FormKeys { key_lens, members, starts, shorter }, texts)
    }

    /// The longest form `text` holds at `start`, where the automaton found key `key` (ASCII case
    /// aside), by index; None when the text holds none of the forms there.
    pub(super) fn form_at(&self, text: &str, start: usize, key: usize) -> Option<usize> {
        let mut key = Some(key);
        while let Some(k) = key {
            let members = &self.members[self.starts[k]..self.starts[k + 1]];
            if let [only] = members {
                if only.rest.is_empty() {
                    // A form that is its whole key, alone under it: most forms.
                    return Some(only.form);
                }
            }
            let after = text.as_bytes().get(start + self.key_lens[k]..).unwrap_or_default();
            if let Some(form) = longest_rest_in(members, after) {
                return Some(form);
            }
            key = self.shorter[k];
        }
        None
    }
}

/// Where a form's key ends: after its last character that ends within `key_bytes` bytes, or
/// after its first character when even that is longer.
fn key_end(form: &str, key_bytes: usize) -> usize {
    if form.len() <= key_bytes {
        return form.len();
    }
    let mut end = key_bytes;
    while !form.is_char_boundary(end) {
        end -= 1;
    }
    if end == 0 {
        form.chars().next().map_or(0, char::len_utf8)
    } else {
        end
    }
}

/// The form of the longest of `members`' rests that `text` starts with (ASCII case aside):
/// the last rest not after the text is it when the text starts with it; else no rest longer than
/// what the two share can be, and the same is asked of that much of the text. A binary search
/// for each shorter prefix tried: one or two for real names, at most one per byte of the
/// longest rest, whatever the number of forms under a key.
fn longest_rest_in(members: &[Member], text: &[u8]) -> Option<usize> {
    let mut probe = text;
    loop {
        let after = members.partition_point(|m| compare_lowercase(&m.rest, probe) != Ordering::Greater);
        let before = members.get(after.checked_sub(1)?)?;
        let shared = shared_len(&before.rest, probe);
        if shared == before.rest.len() {
            return Some(before.form);
        }
        probe = &probe[..shared];
    }
}

/// `rest` (ASCII lowercase) against `text` made ASCII lowercase, byte by byte.
fn compare_lowercase(rest: &[u8], text: &[u8]) -> Ordering {
    rest.iter().copied().cmp(text.iter().map(u8::to_ascii_lowercase))
}

/// How many bytes `rest` (ASCII lowercase) and `text` start with alike, ASCII case aside.
fn shared_len(rest: &[u8], text: &[u8]) -> usize {
    rest.iter().zip(text).take_while(|(r, t)| **r == t.to_ascii_lowercase()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(list: &[&str]) -> Vec<String> {
        list.iter().map(|f| f.to_string()).collect()
    }

    /// The form found at the start of `text`, the automaton's work done here by hand: the
    /// longest key the text starts with.
    fn at_start(forms: &[String], key_bytes: usize, text: &str) -> Option<String> {
        let (keys, texts) = FormKeys::new(forms, key_bytes);
        let key = (0..texts.len())
            .filter(|&k| {
                text.len() >= texts[k].len()
                    && text.as_bytes()[..texts[k].len()].eq_ignore_ascii_case(texts[k].as_bytes())
            })
            .max_by_key(|&k| texts[k].len())?;
        keys.form_at(text, 0, key).map(|f| forms[f].clone())
    }

    #[test]
    fn a_key_is_cut_back_to_a_character_and_never_empty() {
        assert_eq!(key_end("客户满意度", 64), 15);
        assert_eq!(key_end("客户满意度", 7), 6, "客户 is six bytes");
        assert_eq!(key_end("客户满意度", 2), 3, "at least one character");
        assert_eq!(key_end("net promoter score", 8), 8);
    }

    #[test]
    fn the_longest_form_under_a_key_that_the_text_holds_is_taken() {
        let list =
            forms(&["net promoter score", "net promoter scale", "net promoter", "net", "NET PROMOTER SCORECARD"]);
        for key_bytes in [3, 4, 8, 13, 64] {
            assert_eq!(
                at_start(&list, key_bytes, "Net Promoter Scores").as_deref(),
                Some("net promoter score"),
                "{key_bytes}"
            );
            assert_eq!(
                at_start(&list, key_bytes, "net promoter scorecard!").as_deref(),
                Some("NET PROMOTER SCORECARD"),
                "{key_bytes}"
            );
            assert_eq!(at_start(&list, key_bytes, "net promoter sc").as_deref(), Some("net promoter"), "{key_bytes}");
            assert_eq!(at_start(&list, key_bytes, "network").as_deref(), Some("net"), "{key_bytes}");
            assert_eq!(at_start(&list, key_bytes, "ne").as_deref(), None, "{key_bytes}");
        }
    }

    #[test]
    fn with_no_form_of_its_key_in_the_text_a_shorter_key_is_tried() {
        // With keys of 6 bytes, `客户满意度调查` and `客户满意度指数` share the key `客户`,
        // which is no whole form; `客户` alone is a form of its own only in the second list.
        let long = forms(&["客户满意度调查", "客户满意度指数"]);
        assert_eq!(at_start(&long, 6, "客户满意度调查表").as_deref(), Some("客户满意度调查"));
        assert_eq!(at_start(&long, 6, "客户满意"), None);
        let with_short = forms(&["客户满意度调查", "客户满意度指数", "客"]);
        assert_eq!(at_start(&with_short, 6, "客户满意"), Some("客".to_string()));
        assert_eq!(at_start(&with_short, 6, "客户满意度指数").as_deref(), Some("客户满意度指数"));
    }

    #[test]
    fn of_forms_alike_but_for_case_the_first_is_taken() {
        let list = forms(&["Net Promoter Score", "net promoter score"]);
        let (keys, texts) = FormKeys::new(&list, 4);
        assert_eq!(texts, vec!["Net ".to_string()], "one key for both");
        assert_eq!(keys.form_at("NET PROMOTER SCORE", 0, 0), Some(0));
    }
}
