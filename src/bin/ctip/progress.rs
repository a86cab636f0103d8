//! The progress bar: on stderr, only when stderr is a terminal, only for runs longer than
//! about a second, with records per second.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Progress of a run over records.
pub struct Progress {
    enabled: bool,
    start: Instant,
    delay: Duration,
    bar: Option<ProgressBar>,
    records: u64,
}

impl Progress {
    /// A progress display that appears after `delay`, unless `quiet` or stderr is not a
    /// terminal.
    pub fn new(quiet: bool, delay: Duration) -> Self {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            start: Instant::now(),
            delay,
            bar: None,
            records: 0,
        }
    }

    /// `n` more records done.
    pub fn add(&mut self, n: u64) {
        self.records += n;
        if !self.enabled {
            return;
        }
        if self.bar.is_none() && self.start.elapsed() >= self.delay {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {human_pos} records, {per_sec:.0} ({elapsed})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner())
                .with_key(
                    "per_sec",
                    |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0} records/s", s.per_sec());
                    },
                ),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(self.records);
        }
    }

    /// The run is over: the bar is cleared.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
