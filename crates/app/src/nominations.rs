//! Nominations: an organisation coordinator starts an application on behalf of their staff
//! (inviting those without an account); the person completes or declines it.
