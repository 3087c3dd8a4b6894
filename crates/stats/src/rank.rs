//! Average ranks with tie groups, as `scipy.stats.rankdata(method="average")`.

/// Ranks (1-based, ties sharing the average of the ranks they span) in input order, and the size of
/// every tie group (including groups of one) in ascending order of value.
pub(crate) fn average_ranks(xs: &[f64]) -> (Vec<f64>, Vec<usize>) {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&i, &j| xs[i].total_cmp(&xs[j]));
    let mut ranks = vec![0.0; xs.len()];
    let mut groups = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && xs[order[end]] == xs[order[start]] {
            end += 1;
        }
        // Ranks start+1 ..= end; their average.
        let avg = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = avg;
        }
        groups.push(end - start);
        start = end;
    }
    (ranks, groups)
}

/// Σ (t³ − t) over tie groups: the tie correction of both rank tests' variances.
pub(crate) fn tie_term(groups: &[usize]) -> f64 {
    groups.iter().map(|&t| (t * t * t - t) as f64).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_their_average_rank() {
        let (r, g) = average_ranks(&[3.0, 2.0, 1.0, 2.0, 2.0, 2.0, 1.0]);
        assert_eq!(r, vec![7.0, 4.5, 1.5, 4.5, 4.5, 4.5, 1.5]);
        assert_eq!(g, vec![2, 4, 1]);
        assert_eq!(tie_term(&g), 6.0 + 60.0);
    }
}
