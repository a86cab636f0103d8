//! Disclosure control of published indicators (under construction).
