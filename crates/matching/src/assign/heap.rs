//! A radix heap for Dijkstra with non-negative integer keys.
//!
//! Dijkstra pops keys in non-decreasing order, which is all a radix heap needs: a push costs O(1)
//! and each entry moves down at most 64 buckets over its life, so there is no `log n` per
//! operation and no decrease-key (stale entries are skipped by the caller). Buffers are kept
//! between searches so the solver's inner loops do not allocate.

pub(crate) struct RadixHeap {
    buckets: Vec<Vec<(u64, u32)>>,
    last: u64,
    len: usize,
}

impl RadixHeap {
    pub(crate) fn new() -> Self {
        Self {
            buckets: (0..65).map(|_| Vec::new()).collect(),
            last: 0,
            len: 0,
        }
    }

    #[inline]
    fn bucket(&self, key: u64) -> usize {
        (64 - (key ^ self.last).leading_zeros()) as usize
    }

    pub(crate) fn clear(&mut self) {
        if self.len > 0 {
            for b in &mut self.buckets {
                b.clear();
            }
        }
        self.last = 0;
        self.len = 0;
    }

    /// Pushes `value` with `key`; `key` must not be below the last popped key.
    #[inline]
    pub(crate) fn push(&mut self, key: u64, value: u32) {
        debug_assert!(key >= self.last);
        let b = self.bucket(key);
        self.buckets[b].push((key, value));
        self.len += 1;
    }

    pub(crate) fn pop(&mut self) -> Option<(u64, u32)> {
        if self.len == 0 {
            return None;
        }
        if self.buckets[0].is_empty() {
            let i = self.buckets.iter().position(|b| !b.is_empty())?;
            let min = self.buckets[i].iter().map(|e| e.0).min()?;
            self.last = min;
            let moved = std::mem::take(&mut self.buckets[i]);
            for &(k, v) in &moved {
                let b = self.bucket(k);
                self.buckets[b].push((k, v));
            }
            // Give the (now empty) allocation back so it is reused.
            let mut moved = moved;
            moved.clear();
            if self.buckets[i].is_empty() {
                self.buckets[i] = moved;
            }
        }
        self.len -= 1;
        self.buckets[0].pop()
    }
}

#[cfg(test)]
mod tests {
    use super::RadixHeap;

    #[test]
    fn pops_in_order_with_interleaved_pushes() {
        let mut h = RadixHeap::new();
        let mut state = 12345u64;
        let mut popped = Vec::new();
        let mut reference = std::collections::BinaryHeap::new();
        for round in 0..2000u32 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let base = popped.last().copied().unwrap_or(0);
            let key = base + (state >> 40) % 1000;
            h.push(key, round);
            reference.push(std::cmp::Reverse(key));
            if round % 3 == 0 {
                let (k, _) = h.pop().unwrap();
                assert_eq!(reference.pop().unwrap().0, k);
                popped.push(k);
            }
        }
        while let Some((k, _)) = h.pop() {
            assert_eq!(reference.pop().unwrap().0, k);
            popped.push(k);
        }
        assert!(popped.windows(2).all(|w| w[0] <= w[1]));
        assert!(reference.is_empty());
    }
}
