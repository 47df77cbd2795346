//! Story groups: copies of one story (exact copies, and copies with a changed headline, a
//! paragraph dropped or added, another byline or boilerplate line) share a group; different
//! stories on the same subject do not.
//!
//! Each body gets a MinHash signature over its word 4-shingles (lower-cased runs of letters
//! and digits), by one-permutation hashing: every shingle is hashed once and the hash's top
//! bits pick one of [`HASHES`] buckets, each keeping its smallest value; empty buckets take
//! the value of the next filled one (densification). Only the low byte of each bucket is
//! kept ("b-bit MinHash"), so a signature is 128 bytes. The share of equal bytes estimates
//! the Jaccard similarity of the two shingle sets (plus 1/256 for chance equality).
//!
//! Articles are grouped in the order they are added: a new article joins the group of the
//! earlier group founder whose signature is closest, when the estimate is at least
//! [`THRESHOLD`] and their dates (when both have one) are at most [`MAX_DAYS_APART`] apart;
//! otherwise it founds a group. Candidates come from locality-sensitive hashing: the
//! signature cut into [`BANDS`] bands of 4 bytes, looked up exactly. Bodies shorter than
//! [`SHORT_WORDS`] words group only with the exact same words. An article with no body (a
//! wire flash is a headline alone) groups by its headline's words, under the same rule of
//! time; one with neither is its own group. Founders' signatures are kept beside the index
//! (`dossier-stories.bin`), so that articles indexed later join the groups of earlier runs.
//!
//! A story's id is a hash of its founding article's id (see [`story_id`]), never a counter:
//! the same whichever process, partition or run founds it. Everything grouping knows of an
//! article is its [`Signature`] and its day, so a pass over the signatures `extract
//! --signature` printed ([`regroup`]) assigns the groups exactly as one process reading the
//! articles in that order would.
//!
//! The parameters were chosen on a labelled test set built from BBC News (edited copies of
//! six kinds and same-subject pairs; `scripts/dedup-testset.py`) and Reuters-21578's
//! duplicate bodies, see README "Copies of one story".

use std::io::Read;
use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::hash::{fnv1a, fnv1a_byte, FNV_OFFSET};
use crate::sidecar::{self, Read as Stored};

mod regroup;
mod signature;

pub use regroup::{regroup, Regroup, Regrouped};
pub use signature::Signature;

/// Buckets (hash values) of a signature.
pub const HASHES: usize = 128;
/// Bands of the locality-sensitive hashing: 32 bands of 4 values each.
pub const BANDS: usize = 32;
const ROWS: usize = HASHES / BANDS;
/// Words in a shingle.
pub const SHINGLE: usize = 4;
/// Least number of equal signature bytes (of 128) for two bodies to be one story: an
/// estimated Jaccard similarity of 0.5 (64 equal values, plus the 1 in 256 of chance).
pub const THRESHOLD: usize = 65;
/// Bodies with fewer words than this group only with identical bodies: with few shingles,
/// one changed number moves the estimate a lot, and short notices look alike.
pub const SHORT_WORDS: usize = 30;
/// Two dated articles further apart than this are not one story (recurring templates such
/// as daily market reports are alike in all but their figures).
pub const MAX_DAYS_APART: i64 = 2;

/// The file beside the index that holds the group founders' signatures (the format before
/// story ids were hashes, `DSTORY2`, is read too).
const MAGIC: &[u8; 8] = b"DSTORY3\n";
const MAGIC_2: &[u8; 8] = b"DSTORY2\n";

/// What grouping knows of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sketch {
    /// No words in body or headline: the article is a group of its own.
    Empty,
    /// No words in the body: the hash of the headline's words, for exact matching.
    Headline(u64),
    /// Fewer than [`SHORT_WORDS`] words: the hash of the words, for exact matching.
    Short(u64),
    /// A MinHash signature.
    Long(Box<[u8; HASHES]>),
}

/// Computes the sketch of an article with `title` and `body`.
pub fn sketch(title: &str, body: &str) -> Sketch {
    match body_sketch(body) {
        Sketch::Empty => headline_sketch(title),
        sketch => sketch,
    }
}

/// The sketch of a headline alone: the hash of its words, or `Empty` if it has none.
fn headline_sketch(title: &str) -> Sketch {
    let mut words = 0usize;
    let mut exact = FNV_OFFSET;
    for_each_word(title, |word| {
        exact = (exact ^ word).wrapping_mul(MIX);
        words += 1;
    });
    if words == 0 {
        Sketch::Empty
    } else {
        Sketch::Headline(splitmix64(exact))
    }
}

/// Computes the sketch of a body.
fn body_sketch(body: &str) -> Sketch {
    let mut words = 0usize;
    // The last SHINGLE word hashes, as a ring.
    let mut ring = [0u64; SHINGLE];
    let mut exact = FNV_OFFSET;
    let mut mins = [u64::MAX; HASHES];
    for_each_word(body, |word| {
        ring[words % SHINGLE] = word;
        exact = (exact ^ word).wrapping_mul(MIX);
        words += 1;
        if words >= SHINGLE {
            // The shingle's words in order, oldest first, folded into one hash.
            let mut h = 0u64;
            for k in 0..SHINGLE {
                h = (h ^ ring[(words + k) % SHINGLE]).wrapping_mul(MIX);
            }
            let h = splitmix64(h);
            let bucket = (h >> 57) as usize;
            let value = h & ((1 << 57) - 1);
            if value < mins[bucket] {
                mins[bucket] = value;
            }
        }
    });
    if words == 0 {
        return Sketch::Empty;
    }
    if words < SHORT_WORDS {
        return Sketch::Short(splitmix64(exact));
    }
    Sketch::Long(Box::new(densify(&mins)))
}

/// An odd multiplier for folding hashes (the 64-bit golden ratio).
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

/// Fills empty buckets from the next filled one (circularly), mixed with the distance so
/// that copies stay equal only where the filled buckets are, and keeps each value's low byte.
fn densify(mins: &[u64; HASHES]) -> [u8; HASHES] {
    let mut out = [0u8; HASHES];
    for (i, slot) in out.iter_mut().enumerate() {
        let mut d = 0;
        while mins[(i + d) % HASHES] == u64::MAX {
            d += 1;
        }
        let v = mins[(i + d) % HASHES];
        let v = if d == 0 {
            v
        } else {
            splitmix64(v ^ (d as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
        };
        *slot = splitmix64(v) as u8;
    }
    out
}

/// Calls `f` with the hash of each word of `text`: maximal runs of alphanumeric characters,
/// lower-cased.
fn for_each_word(text: &str, mut f: impl FnMut(u64)) {
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            let lower = ASCII_WORD[b as usize];
            if lower != 0 {
                in_word = true;
                h = fnv1a_byte(h, lower);
                continue;
            }
        } else {
            // A multi-byte character: decode it (`text` is UTF-8, so this always succeeds).
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            if c.is_alphanumeric() {
                in_word = true;
                for l in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &b in l.encode_utf8(&mut buf).as_bytes() {
                        h = fnv1a_byte(h, b);
                    }
                }
                continue;
            }
        }
        if in_word {
            f(h);
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        f(h);
    }
}

/// For each ASCII byte: its lower case if it is a letter or digit, else 0.
const ASCII_WORD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

fn splitmix64(v: u64) -> u64 {
    let mut z = v.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// How many of two signatures' values are equal.
pub fn equal_values(a: &[u8; HASHES], b: &[u8; HASHES]) -> usize {
    a.iter().zip(b.iter()).filter(|(x, y)| x == y).count()
}

/// The id of a story founded by the article with id `id`: FNV-1a of the id, mixed; `k` > 0
/// when an earlier group of the same run already took the id's first choices (two
/// different articles sharing an id, as `extract` of two files may see). Never 0.
pub fn story_id(id: &str, k: u64) -> u64 {
    let mut h = fnv1a(id.as_bytes());
    if k > 0 {
        h = crate::hash::fold_word(h, k);
    }
    splitmix64(h).max(1)
}

/// A group founder: the first article of a group with a MinHash signature.
struct Founder {
    story: u64,
    /// Days since the epoch, or `None` for an undated article.
    day: Option<i64>,
    signature: Box<[u8; HASHES]>,
}

/// The groups so far: the founders' signatures and the bands that find them.
#[derive(Default)]
pub struct Stories {
    founders: Vec<Founder>,
    /// For each band, its 4 values → the first founder with them.
    bands: Vec<FxHashMap<u32, u32>>,
    /// Founders added since the file was loaded.
    dirty: bool,
    /// Every story id given so far (and loaded), so that none is given twice.
    used: FxHashSet<u64>,
    /// Short bodies' word hashes → their story.
    shorts: FxHashMap<u64, u64>,
    /// Headlines' word hashes (of articles with no body) → their stories and founders' days.
    headlines: FxHashMap<u64, Vec<(u64, Option<i64>)>>,
    /// Bodies seen in this run, by a hash of their bytes → their story and day: an exact
    /// copy (the most common kind) needs no signature.
    seen: FxHashMap<u64, (u64, Option<i64>)>,
}

impl Stories {
    /// An empty set of groups.
    pub fn new() -> Self {
        Stories {
            bands: vec![FxHashMap::default(); BANDS],
            ..Stories::default()
        }
    }

    /// The groups kept beside the index in `dir`, or (`fresh`) none, replacing them at the
    /// next save.
    /// Also says why the stored groups could not be used, if they were there but damaged.
    pub fn open(dir: &Path, fresh: bool) -> (Self, Option<String>) {
        if fresh {
            let mut stories = Stories::new();
            stories.dirty = true;
            (stories, None)
        } else {
            Stories::load(dir)
        }
    }

    /// The groups kept beside the index in `dir`; none if there is no such file yet. A
    /// damaged file is set aside, and why is said: grouping starts afresh (existing articles
    /// keep their groups, later copies of them found no longer).
    fn load(dir: &Path) -> (Self, Option<String>) {
        let mut stories = Stories::new();
        let bytes = match sidecar::STORIES.load(dir) {
            Stored::Found { payload, .. } => payload,
            Stored::Missing => return (stories, None),
            Stored::Damaged(why) => return (stories, Some(why)),
        };
        if stories.read(&bytes).is_none() {
            return (Stories::new(), Some("is not a story file".to_string()));
        }
        stories.dirty = false;
        (stories, None)
    }

    fn read(&mut self, mut bytes: &[u8]) -> Option<()> {
        let mut magic = [0u8; 8];
        bytes.read_exact(&mut magic).ok()?;
        let old = &magic == MAGIC_2;
        if &magic != MAGIC && !old {
            return None;
        }
        let mut word = || -> Option<u64> {
            let mut b = [0u8; 8];
            bytes.read_exact(&mut b).ok()?;
            Some(u64::from_le_bytes(b))
        };
        if old {
            // The counter of numbered stories: the numbers given are in the index's column,
            // and hashed ids do not continue them.
            word()?;
        }
        let shorts = word()?;
        for _ in 0..shorts {
            let (hash, story) = (word()?, word()?);
            self.shorts.insert(hash, story);
            self.used.insert(story);
        }
        if !old {
            let headlines = word()?;
            for _ in 0..headlines {
                let (hash, story, day) = (word()?, word()?, word()?);
                let day = (day as i64 != i64::MIN).then_some(day as i64);
                self.headlines.entry(hash).or_default().push((story, day));
                self.used.insert(story);
            }
        }
        while !bytes.is_empty() {
            let mut story = [0u8; 8];
            let mut day = [0u8; 8];
            let mut signature = Box::new([0u8; HASHES]);
            bytes.read_exact(&mut story).ok()?;
            bytes.read_exact(&mut day).ok()?;
            bytes.read_exact(signature.as_mut()).ok()?;
            let day = i64::from_le_bytes(day);
            let story = u64::from_le_bytes(story);
            self.used.insert(story);
            self.found(Founder {
                story,
                day: (day != i64::MIN).then_some(day),
                signature,
            });
        }
        Some(())
    }

    /// Writes the founders beside the index in `dir` (a new file renamed over the old, so
    /// a killed run leaves the old or the new one whole). Nothing to do if none was added.
    pub fn save(&mut self, dir: &Path) -> Result<()> {
        if !self.dirty {
            return Ok(());
        }
        let headlines: usize = self.headlines.values().map(Vec::len).sum();
        let mut bytes = Vec::with_capacity(
            24 + self.shorts.len() * 16 + headlines * 24 + self.founders.len() * (16 + HASHES),
        );
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(self.shorts.len() as u64).to_le_bytes());
        for (hash, story) in &self.shorts {
            bytes.extend_from_slice(&hash.to_le_bytes());
            bytes.extend_from_slice(&story.to_le_bytes());
        }
        bytes.extend_from_slice(&(headlines as u64).to_le_bytes());
        for (hash, groups) in &self.headlines {
            for (story, day) in groups {
                bytes.extend_from_slice(&hash.to_le_bytes());
                bytes.extend_from_slice(&story.to_le_bytes());
                bytes.extend_from_slice(&day.unwrap_or(i64::MIN).to_le_bytes());
            }
        }
        for f in &self.founders {
            bytes.extend_from_slice(&f.story.to_le_bytes());
            bytes.extend_from_slice(&f.day.unwrap_or(i64::MIN).to_le_bytes());
            bytes.extend_from_slice(f.signature.as_ref());
        }
        sidecar::STORIES.save(dir, None, &bytes)?;
        self.dirty = false;
        Ok(())
    }

    /// The story group of the article with id `id`, `title`, `body` and `date`: the group
    /// of the closest earlier founder, or a new group founded by this article.
    pub fn assign(&mut self, id: &str, title: &str, body: &str, date: Option<NaiveDate>) -> u64 {
        self.assign_signature(id, &Signature::of(title, body), date.map(days))
    }

    /// The story group of the article with id `id`, signature `signature` and `day` (days
    /// since the epoch): what [`Stories::assign`] gives for the article the signature is of.
    pub fn assign_signature(&mut self, id: &str, signature: &Signature, day: Option<i64>) -> u64 {
        if let Some(exact) = signature.exact {
            if let Some(&(story, seen_day)) = self.seen.get(&exact) {
                if near(day, seen_day) {
                    return story;
                }
            }
        }
        let story = self.assign_sketch(id, &signature.sketch, day);
        if let Some(exact) = signature.exact {
            self.seen.entry(exact).or_insert((story, day));
        }
        story
    }

    /// The story group of the article `id` with body sketch `sketch` and `day`.
    fn assign_sketch(&mut self, id: &str, sketch: &Sketch, day: Option<i64>) -> u64 {
        match sketch {
            Sketch::Empty => self.new_story(id),
            Sketch::Short(exact) => match self.shorts.get(exact) {
                Some(&story) => story,
                None => {
                    let story = self.new_story(id);
                    self.shorts.insert(*exact, story);
                    story
                }
            },
            Sketch::Headline(exact) => {
                let groups = self.headlines.get(exact).map(Vec::as_slice);
                if let Some(&(story, _)) = groups
                    .unwrap_or_default()
                    .iter()
                    .find(|&&(_, d)| near(day, d))
                {
                    return story;
                }
                let story = self.new_story(id);
                self.headlines.entry(*exact).or_default().push((story, day));
                story
            }
            Sketch::Long(signature) => {
                if let Some(story) = self.closest(signature, day) {
                    return story;
                }
                let story = self.new_story(id);
                self.found(Founder {
                    story,
                    day,
                    signature: signature.clone(),
                });
                story
            }
        }
    }

    /// The id of a new story founded by the article `id`.
    fn new_story(&mut self, id: &str) -> u64 {
        let mut k = 0;
        while !self.used.insert(story_id(id, k)) {
            k += 1;
        }
        self.dirty = true;
        story_id(id, k)
    }

    /// The group of the founder most like `signature`, if one is like enough.
    fn closest(&self, signature: &[u8; HASHES], day: Option<i64>) -> Option<u64> {
        let mut best: Option<(usize, u32)> = None;
        let mut seen: [u32; BANDS] = [u32::MAX; BANDS];
        for (band, table) in self.bands.iter().enumerate() {
            let Some(&n) = table.get(&band_key(signature, band)) else {
                continue;
            };
            // Most bands of a copy lead to the same founder: compare once.
            if seen[..band].contains(&n) {
                continue;
            }
            seen[band] = n;
            let founder = &self.founders[n as usize];
            if !near(day, founder.day) {
                continue;
            }
            let equal = equal_values(signature, &founder.signature);
            let better = match best {
                None => true,
                Some((e, m)) => equal > e || (equal == e && n < m),
            };
            if equal >= THRESHOLD && better {
                best = Some((equal, n));
            }
        }
        best.map(|(_, n)| self.founders[n as usize].story)
    }

    fn found(&mut self, founder: Founder) {
        let n = self.founders.len() as u32;
        for (band, table) in self.bands.iter_mut().enumerate() {
            table.entry(band_key(&founder.signature, band)).or_insert(n);
        }
        self.founders.push(founder);
    }
}

/// Whether two days are close enough for one story: at most [`MAX_DAYS_APART`], or either
/// unknown.
fn near(a: Option<i64>, b: Option<i64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= MAX_DAYS_APART,
        _ => true,
    }
}

fn band_key(signature: &[u8; HASHES], band: usize) -> u32 {
    let rows = &signature[band * ROWS..(band + 1) * ROWS];
    u32::from_le_bytes([rows[0], rows[1], rows[2], rows[3]])
}

/// Days since chrono's default date (1970-01-01).
pub fn days(date: NaiveDate) -> i64 {
    date.signed_duration_since(NaiveDate::default()).num_days()
}

/// An article as grouping reads it: id, headline, body and date.
pub type Grouped<'a> = (&'a str, &'a str, &'a str, Option<NaiveDate>);

/// Story groups given in one pass over articles, without an index (for `extract`).
pub fn group<'a>(articles: impl IntoIterator<Item = Grouped<'a>>) -> Vec<u64> {
    let mut stories = Stories::new();
    articles
        .into_iter()
        .map(|(id, title, body, date)| stories.assign(id, title, body, date))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up story of `n` paragraphs, each with distinct words from `seed`.
    fn story(seed: &str, n: usize) -> Vec<String> {
        (0..n)
            .map(|p| {
                (0..40)
                    .map(|w| format!("{seed}{}", (p * 40 + w) * 7 % 1000))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    fn group_of(bodies: &[String]) -> Vec<u64> {
        group(bodies.iter().map(|b| ("id", "", b.as_str(), None)))
    }

    /// Groups of (title, body, date) articles with ids `a0`, `a1`, ...
    fn groups(articles: &[(&str, &str, Option<NaiveDate>)]) -> Vec<u64> {
        let ids: Vec<String> = (0..articles.len()).map(|i| format!("a{i}")).collect();
        group(
            articles
                .iter()
                .zip(&ids)
                .map(|(&(t, b, d), id)| (id.as_str(), t, b, d)),
        )
    }

    #[test]
    fn words_are_lowercased_runs_of_letters_and_digits() {
        let mut a = Vec::new();
        for_each_word("The U.S. dog's bowl, 42!", |h| a.push(h));
        let mut b = Vec::new();
        for_each_word("the u s DOG S bowl 42", |h| b.push(h));
        assert_eq!(a.len(), 7);
        assert_eq!(a, b);
    }

    #[test]
    fn empty_and_short_bodies() {
        assert_eq!(sketch("", "  ... "), Sketch::Empty);
        assert!(matches!(sketch("", "Qtly div 25 cts"), Sketch::Short(_)));
        assert_eq!(
            sketch("", "Qtly div 25 cts"),
            sketch("", "QTLY DIV 25 CTS.")
        );
        assert_ne!(sketch("", "Qtly div 25 cts"), sketch("", "Qtly div 26 cts"));
        // Two articles with neither body nor headline are two stories.
        let g = groups(&[("", "", None), ("", "", None)]);
        assert_ne!(g[0], g[1]);
    }

    #[test]
    fn edited_copies_share_a_group() {
        let base = story("w", 6);
        let body = base.join("\n\n");
        let mut dropped = base.clone();
        dropped.remove(2);
        let mut added = base.clone();
        added.insert(3, story("x", 1)[0].clone());
        let byline = format!("By Jane Roe, Staff Writer\n\n{body}");
        let boilerplate = format!("{body}\n\nCopyright 2025. All rights reserved. Follow us.");
        let mut edited = body.split(' ').map(str::to_string).collect::<Vec<_>>();
        for i in (0..edited.len()).step_by(33) {
            edited[i] = "changed".into();
        }
        let bodies = vec![
            body.clone(),
            body.clone(),
            dropped.join("\n\n"),
            added.join("\n\n"),
            byline,
            boilerplate,
            edited.join(" "),
        ];
        let groups = group_of(&bodies);
        assert!(groups.iter().all(|&g| g == groups[0]), "{groups:?}");
    }

    #[test]
    fn different_stories_on_one_subject_do_not() {
        // They share a paragraph of background, and their subject words.
        let shared = story("s", 1)[0].clone();
        let mut a = story("a", 5);
        let mut b = story("b", 5);
        a.push(shared.clone());
        b.push(shared);
        let groups = group_of(&[a.join("\n\n"), b.join("\n\n")]);
        assert_ne!(groups[0], groups[1]);
    }

    #[test]
    fn dates_far_apart_are_two_stories() {
        let body = story("t", 4).join(" ");
        let day = |d| NaiveDate::from_ymd_opt(2025, 5, d);
        let g = groups(&[
            ("", body.as_str(), day(1)),
            ("", body.as_str(), day(3)),
            ("", body.as_str(), day(9)),
            ("", body.as_str(), None),
        ]);
        assert_eq!(g[0], g[1]);
        assert_ne!(g[0], g[2]);
        assert_eq!(g[0], g[3]);
    }

    #[test]
    fn founders_survive_saving_and_loading() {
        let dir = tempfile::tempdir().unwrap();
        let body = story("f", 3).join(" ");
        let mut first = Stories::new();
        let day = NaiveDate::from_ymd_opt(2025, 1, 2);
        let g = first.assign("f1", "", &body, day);
        let flash = first.assign("f2", "OIL UP", "", day);
        first.save(dir.path()).unwrap();
        let mut again = Stories::load(dir.path()).0;
        assert_eq!(again.assign("f3", "", &body, None), g);
        assert_eq!(again.assign("f4", "Oil up", "", day), flash);
        // The id of a story founded now by an article with a taken id is another.
        assert_ne!(again.assign("f1", "", "", None), g);
        // A damaged file starts afresh rather than failing, and says why.
        std::fs::write(sidecar::STORIES.path(dir.path()), b"DSTORY1\nshort").unwrap();
        let (_, damage) = Stories::open(dir.path(), false);
        assert!(damage.is_some());
        let mut fresh = Stories::open(dir.path(), false).0;
        assert_eq!(fresh.founders.len(), 0);
        assert_eq!(fresh.assign("f5", "", &body, None), story_id("f5", 0));
    }

    #[test]
    fn story_ids_come_from_the_founder_not_from_an_order() {
        let a = story("p", 3).join(" ");
        let b = story("q", 3).join(" ");
        let one = group([("x", "", a.as_str(), None), ("y", "", b.as_str(), None)]);
        let other = group([("y", "", b.as_str(), None), ("x", "", a.as_str(), None)]);
        assert_eq!(one, [story_id("x", 0), story_id("y", 0)]);
        assert_eq!(other, [story_id("y", 0), story_id("x", 0)]);
        // Two founders with one id (two files extracted together) get two stories.
        let twice = group([("x", "", a.as_str(), None), ("x", "", b.as_str(), None)]);
        assert_ne!(twice[0], twice[1]);
        assert!(twice.iter().all(|&s| s != 0));
    }

    #[test]
    fn flashes_group_by_headline_within_the_days() {
        let day = |d| NaiveDate::from_ymd_opt(1987, 3, d);
        let g = groups(&[
            ("ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4", "", day(2)),
            (
                "Assets of money market mutual funds rose 720.4",
                " ",
                day(3),
            ),
            ("ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4", "", None),
            (
                "ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4",
                "",
                day(20),
            ),
            ("ASSETS OF MONEY MARKET MUTUAL FUNDS FELL 1.2", "", day(2)),
            (
                "ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4",
                "Funds rose.",
                day(2),
            ),
        ]);
        assert_eq!(g[0], g[1]);
        assert_eq!(g[0], g[2]);
        assert_ne!(g[0], g[3], "a repeat weeks later is another story");
        assert_ne!(g[0], g[4]);
        assert_ne!(g[0], g[5], "an article with a body groups by its body");
    }

    #[test]
    fn a_story_file_of_numbered_stories_still_loads() {
        // DSTORY2: the counter, no short bodies, one founder of story 7.
        let body = story("n", 3).join(" ");
        let Sketch::Long(signature) = sketch("", &body) else {
            panic!("a long body")
        };
        let mut bytes = MAGIC_2.to_vec();
        bytes.extend_from_slice(&8u64.to_le_bytes());
        bytes.extend_from_slice(&0u64.to_le_bytes());
        bytes.extend_from_slice(&7u64.to_le_bytes());
        bytes.extend_from_slice(&i64::MIN.to_le_bytes());
        bytes.extend_from_slice(signature.as_ref());
        let mut stories = Stories::new();
        assert!(stories.read(&bytes).is_some());
        assert_eq!(stories.assign("later", "", &body, None), 7);
    }
}
