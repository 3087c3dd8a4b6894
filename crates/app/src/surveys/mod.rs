//! Evaluation surveys: the programme's survey builder, the waves that ask people to answer
//! (opened by the scheduler, announced and reminded through the notices), and answering them
//! under a pseudonymous respondent key with the respondent's research consent.
//!
//! - [`builder`]: `list(ctx, actor, programme) -> Vec<Survey>`, `get(ctx, actor, id)`,
//!   `create(ctx, actor, programme, SurveyInput) -> Survey`,
//!   `update(ctx, actor, id, expected_version, SurveyInput) -> Survey`, `instruments()`.
//! - [`waves`]: `open_due(ctx) -> u64` (called by `background::tick`).
//! - [`answer`]: `mine(ctx, actor, lang) -> Vec<MyRequest>`, `due_count(ctx, actor)`,
//!   `form(ctx, actor, request, lang) -> SurveyForm`, `submit(ctx, actor, request, SubmitInput)`,
//!   `decline(ctx, actor, request)`, `research_consent(ctx, actor)`,
//!   `set_research_consent(ctx, actor, bool)`.
//!
//! See `docs/surveys.md` for the model, the waves' timing and what stays private.

pub mod answer;
pub mod builder;
pub(crate) mod keys;
pub mod waves;
