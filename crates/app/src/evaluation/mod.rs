//! Evaluation figures for coordinators and evaluators: participation, response rates, outcomes
//! before and after with the statistics of `tandem-stats`, small-number suppression, charts,
//! exports and the printable programme report. Evaluators see aggregates only.
