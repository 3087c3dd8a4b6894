//! Deterministic synthetic profiles for benchmarks and tests (no real data anywhere).

use super::{ASSESSMENT_SCALES, Profile};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// `mentees` mentee and `mentors` mentor profiles drawn from `seed`: 400 organisations, grades
/// 4–9 (mentors a little more senior), 12 professions, 9 framework dimensions, a few languages
/// and modes, 112 weekly slots, line managers inside the pool, some history and conflicts, and
/// mentor capacities 1–3. Ids are `0..mentees` for mentees and `mentees..` for mentors.
pub fn synthetic_people(mentees: usize, mentors: usize, seed: u64) -> (Vec<Profile>, Vec<Profile>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let total = (mentees + mentors) as u64;
    let person = |id: u64, mentor: bool, rng: &mut ChaCha8Rng| {
        let bits = |rng: &mut ChaCha8Rng, n: u32, p: f64| {
            (0..n).fold(0u64, |acc, b| {
                if rng.random_bool(p) {
                    acc | 1 << b
                } else {
                    acc
                }
            })
        };
        let mut availability = 0u128;
        for s in 0..112 {
            if rng.random_bool(0.3) {
                availability |= 1 << s;
            }
        }
        let languages = 1
            | if rng.random_bool(0.1) { 2 } else { 0 }
            | if rng.random_bool(0.05) { 4 } else { 0 };
        let modes = (bits(rng, 3, 0.6) as u8).max(2);
        let pick = |rng: &mut ChaCha8Rng| rng.random_range(0..total);
        Profile {
            id,
            organisation: rng.random_range(0..400),
            line_manager: rng.random_bool(0.7).then(|| pick(rng)),
            managers_manager: rng.random_bool(0.5).then(|| pick(rng)),
            grade: if mentor {
                rng.random_range(6..=9)
            } else {
                rng.random_range(4..=8)
            },
            profession: rng.random_range(0..12),
            goals: if mentor { 0 } else { bits(rng, 9, 0.3) },
            expertise: if mentor { bits(rng, 9, 0.4) } else { 0 },
            languages,
            modes,
            availability,
            previous_partners: (0..rng.random_range(0..3)).map(|_| pick(rng)).collect(),
            conflicts: if rng.random_bool(0.02) {
                vec![pick(rng)]
            } else {
                Vec::new()
            },
            capacity: if mentor { rng.random_range(1..=3) } else { 0 },
            assessment: rng.random_bool(0.5).then(|| {
                let mut a = [0u8; ASSESSMENT_SCALES];
                for x in &mut a {
                    *x = rng.random_range(0..=100);
                }
                a
            }),
        }
    };
    let e: Vec<Profile> = (0..mentees as u64)
        .map(|id| person(id, false, &mut rng))
        .collect();
    let r: Vec<Profile> = (0..mentors as u64)
        .map(|k| person(mentees as u64 + k, true, &mut rng))
        .collect();
    (e, r)
}
