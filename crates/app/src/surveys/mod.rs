//! Evaluation surveys: the programme's survey builder, the waves that ask people to answer
//! (opened by the scheduler, announced and reminded through the notices), and answering them
//! under a pseudonymous respondent key with the respondent's research consent.
