//! n, mean, SD, median and range of one column, for the tables beside the tests.
//!
//! Non-finite values are not filtered here: a caller that reads a file refuses them with a line
//! number, which this function could not give. With no values every figure but `n` is `None`;
//! with one value the SD is `None` (ddof 1 divides by n − 1).

use serde::Serialize;

use crate::{finite, mean_var};

/// A descriptive summary; `None` (JSON `null`) where undefined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub n: usize,
    pub mean: Option<f64>,
    /// Sample SD (ddof 1).
    pub sd: Option<f64>,
    /// The middle value, or the mean of the two middle values (numpy's `median`).
    pub median: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// Summarise `xs`.
pub fn summary(xs: &[f64]) -> Summary {
    let n = xs.len();
    if n == 0 {
        return Summary {
            n,
            mean: None,
            sd: None,
            median: None,
            min: None,
            max: None,
        };
    }
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    let (mean, var) = mean_var(xs);
    Summary {
        n,
        mean: finite(mean),
        sd: (n >= 2).then(|| var.sqrt()).and_then(finite),
        median: finite(median),
        min: finite(sorted[0]),
        max: finite(sorted[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        let s = summary(&[4.0, 1.0, 3.0, 2.0]);
        assert_eq!(
            (s.n, s.mean, s.median, s.min, s.max),
            (4, Some(2.5), Some(2.5), Some(1.0), Some(4.0))
        );
        assert!((s.sd.unwrap() - (5.0f64 / 3.0).sqrt()).abs() < 1e-15);
        let one = summary(&[7.0]);
        assert_eq!((one.sd, one.median), (None, Some(7.0)));
        assert_eq!(summary(&[]).mean, None);
    }
}
