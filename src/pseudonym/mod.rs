//! Pseudonymization and generalization (see issue: under construction).
