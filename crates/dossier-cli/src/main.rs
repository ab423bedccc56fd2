//! `dossier`: annotate articles (JSON Lines out) or brief a collection (JSON, Markdown, HTML).

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use dossier::clean::site::SiteFurniture;
use dossier::ingest::{self, RawDoc};
use dossier::pipeline::Stages;
use dossier::{Document, Skipped, pipeline, render};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{BufWriter, Write};
use std::sync::mpsc;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "From a pile of raw news articles to a sourced briefing"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Md,
    Html,
}

#[derive(clap::Args)]
struct Common {
    /// Files, folders (read recursively) or `-` for standard input: .txt, .html, .jsonl,
    /// .warc, any of them gzipped.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Write here instead of standard output.
    #[arg(short, long)]
    output: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long)]
    threads: Option<usize>,
    /// No progress bar and no summary on standard error.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Clean and annotate each document: one JSON object per line.
    Annotate {
        #[command(flatten)]
        common: Common,
    },
    /// Brief a whole collection: entities, quotes, timeline, figures, stories, summary.
    Brief {
        #[command(flatten)]
        common: Common,
        /// Output format.
        #[arg(short, long, value_enum, default_value = "html")]
        format: Format,
    },
    /// Measure throughput (documents/s, MB/s) and peak memory of cleaning and annotating.
    Bench {
        #[command(flatten)]
        common: Common,
        /// Stop after cleaning (main text and metadata), without the annotation layers.
        #[arg(long)]
        extract_only: bool,
    },
}

/// Documents are read on one thread and processed in parallel in batches of this many, in
/// input order: memory stays bounded however large the input.
const BATCH: usize = 256;
/// The first batch is this small, and each next one twice as large up to [`BATCH`]: work
/// starts while the rest of the input is still being read.
const FIRST_BATCH: usize = 16;

struct Run {
    /// Name each skipped document on stderr as it happens.
    tell_skips: bool,
    done: usize,
    bytes: usize,
    skipped: Vec<Skipped>,
    /// Blocks taken out as furniture repeated across a site's pages.
    furniture: usize,
    started: Instant,
    bar: ProgressBar,
}

impl Run {
    fn new(quiet: bool) -> Run {
        let bar = if quiet {
            ProgressBar::hidden()
        } else {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template("{spinner} {pos} documents {msg} [{elapsed}]")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            b
        };
        Run {
            tell_skips: true,
            done: 0,
            bytes: 0,
            skipped: Vec::new(),
            furniture: 0,
            started: Instant::now(),
            bar,
        }
    }

    /// Reads the inputs on a reader thread and hands each processed batch, in order, to `each`,
    /// each document first turned by `then` on the worker that processed it.
    fn stream<T: Send>(
        &mut self,
        inputs: &[String],
        stages: Stages,
        then: impl Fn(Document) -> T + Sync + Send,
        mut each: impl FnMut(Vec<T>) -> Result<()>,
    ) -> Result<()> {
        let (tx, rx) = mpsc::sync_channel::<Vec<Result<RawDoc, Skipped>>>(2);
        let inputs = inputs.to_vec();
        let reader = std::thread::spawn(move || {
            let mut size = FIRST_BATCH;
            let mut batch = Vec::with_capacity(size);
            ingest::read_inputs(&inputs, &mut |r| {
                batch.push(r);
                if batch.len() >= size {
                    size = (size * 2).min(BATCH);
                    let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(size)));
                }
            });
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
        });
        let mut furniture = SiteFurniture::default();
        for batch in rx {
            let (results, removed) =
                pipeline::process_batch_then(batch, &mut furniture, stages, |d| {
                    (d.body.len(), then(d))
                });
            self.furniture += removed;
            let mut docs = Vec::with_capacity(results.len());
            for r in results {
                match r {
                    Ok((len, d)) => {
                        self.bytes += len;
                        docs.push(d);
                    }
                    Err(s) => {
                        if self.tell_skips {
                            self.bar
                                .suspend(|| eprintln!("skipped {}: {}", s.source, s.reason));
                        }
                        self.skipped.push(s);
                    }
                }
            }
            self.done += docs.len();
            self.bar.set_position(self.done as u64);
            self.bar
                .set_message(format!("({} skipped)", self.skipped.len()));
            each(docs)?;
        }
        let _ = reader.join();
        self.bar.finish_and_clear();
        Ok(())
    }

    fn report(&self, quiet: bool) {
        if quiet {
            return;
        }
        let secs = self.started.elapsed().as_secs_f64();
        eprintln!(
            "dossier: {} documents in {:.2}s, {} skipped",
            self.done,
            secs,
            self.skipped.len()
        );
        if self.furniture > 0 {
            eprintln!(
                "  {} blocks left out as site furniture (the same words on {} or more pages of one site)",
                self.furniture,
                dossier::clean::site::MIN_PAGES
            );
        }
        let mut reasons: std::collections::BTreeMap<&str, usize> = Default::default();
        for s in &self.skipped {
            let r = s.reason.split(':').next().unwrap_or(&s.reason);
            *reasons.entry(r).or_default() += 1;
        }
        for (r, n) in reasons {
            eprintln!("  {n} skipped: {r}");
        }
    }
}

fn open_output(path: &Option<String>) -> Result<Box<dyn Write>> {
    Ok(match path.as_deref() {
        None | Some("-") => Box::new(BufWriter::new(std::io::stdout().lock())),
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {p}"))?,
        )),
    })
}

/// A document as a line of JSON. Run on the worker that annotated it: in parallel, while the
/// document is still in its cache, and the document is freed there too. (It is written to a
/// buffer the thread keeps, then copied out at its size: one allocation per line. A buffer
/// grown beyond [`KEPT_LINE`] bytes is handed out itself: a thread keeps no large one.)
fn json_line(d: Document) -> serde_json::Result<Vec<u8>> {
    LINE.with_borrow_mut(|line| {
        line.clear();
        let written = serde_json::to_writer(&mut *line, &d);
        line.push(b'\n');
        let out = if line.capacity() > KEPT_LINE {
            std::mem::take(line)
        } else {
            line.clone()
        };
        written.map(|()| out)
    })
}

thread_local! {
    /// The buffer [`json_line`] writes in.
    static LINE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The largest buffer [`json_line`] keeps in a thread, in bytes.
const KEPT_LINE: usize = 1 << 20;

fn threads(n: Option<usize>) {
    if let Some(n) = n {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
}

/// The CPU time the process has used so far, user and system, all threads (Linux: from
/// `/proc/self/stat`, in clock ticks of 1/100 s, the fixed `USER_HZ` of that file).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in brackets and may hold spaces: utime and
    // stime are the 14th and 15th fields of the line, the 12th and 13th after the bracket.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// Peak resident memory of this process, in MiB (Linux), if known.
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Annotate { common } => {
            threads(common.threads);
            let mut out = open_output(&common.output)?;
            let mut run = Run::new(common.quiet);
            run.stream(&common.inputs, Stages::Annotate, json_line, |lines| {
                for line in lines {
                    out.write_all(&line?)?;
                }
                Ok(())
            })?;
            out.flush()?;
            run.report(common.quiet);
        }
        Command::Brief { common, format } => {
            threads(common.threads);
            let mut run = Run::new(common.quiet);
            let mut all = Vec::new();
            run.stream(
                &common.inputs,
                Stages::Annotate,
                |d| d,
                |docs| {
                    all.extend(docs);
                    Ok(())
                },
            )?;
            let briefing = pipeline::brief(all, run.skipped.clone());
            let text = match format {
                Format::Json => render::json(&briefing),
                Format::Md => render::markdown::render(&briefing),
                Format::Html => render::html::render(&briefing),
            };
            let mut out = open_output(&common.output)?;
            out.write_all(text.as_bytes())?;
            out.flush()?;
            run.report(common.quiet);
        }
        Command::Bench {
            common,
            extract_only,
        } => {
            threads(common.threads);
            let mut run = Run::new(true);
            run.tell_skips = false;
            let stages = if extract_only {
                Stages::Clean
            } else {
                Stages::Annotate
            };
            // (Each document is freed on the worker that made it, as `annotate` does once it
            // has written it.)
            run.stream(&common.inputs, stages, drop, |_| Ok(()))?;
            let secs = run.started.elapsed().as_secs_f64().max(1e-9);
            // Per core: the text over the CPU time of all threads (the reading one too), which a
            // busy machine stretches less than the wall time.
            let per_cpu = cpu_seconds()
                .filter(|&c| c > 0.0)
                .map_or("?".into(), |c| format!("{:.2}", run.bytes as f64 / 1e6 / c));
            println!(
                "{} documents ({} skipped), {:.1} MB of clean text, {:.3}s: {:.1} docs/s, {:.2} MB/s, {} MB per CPU second, peak memory {} MiB, {} threads",
                run.done,
                run.skipped.len(),
                run.bytes as f64 / 1e6,
                secs,
                run.done as f64 / secs,
                run.bytes as f64 / 1e6 / secs,
                per_cpu,
                peak_memory_mib().map_or("?".into(), |m| format!("{m:.0}")),
                rayon::current_num_threads()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_are_the_documents_and_leave_no_large_buffer() {
        let kept = || LINE.with_borrow(Vec::capacity);
        // (A short document, a long one, a short one again.)
        for n in [1, 200_000, 1] {
            let doc = Document {
                id: "d1".into(),
                body: "Zoë Lind left Porto for 東京. ".repeat(n),
                ..Default::default()
            };
            let mut want = serde_json::to_vec(&doc).expect("json");
            want.push(b'\n');
            assert_eq!(json_line(doc).expect("json"), want);
            if want.len() <= KEPT_LINE {
                // Kept for the next line.
                assert!(kept() >= want.len());
            } else {
                assert!(kept() <= KEPT_LINE, "{}", kept());
            }
        }
    }
}
