//! JSONata: a scored fan-out — a Map scores each candidate, and `any`, `all`, `fold`,
//! `filter` and `count` over the Map's results decide in the state machine.

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Batch {
    pub candidates: Vec<Candidate>,
    pub threshold: f64,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub text: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Scored {
    pub id: String,
    pub score: f64,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Verdict {
    pub best: f64,
    pub all_pass: bool,
    pub any_fail: bool,
    pub passing: i64,
    pub ids: Vec<String>,
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:Score")]
pub fn score(c: Candidate) -> Scored;

#[workflow(name = "scored-fanout", query_language = "JSONata")]
pub fn scored_fanout(b: Batch) -> Verdict {
    let scores: Vec<Scored> = map(b.candidates.clone(), |c| score(c));
    let best = scores.iter().map(|s| s.score).fold(0.0, f64::max);
    Verdict {
        best,
        all_pass: scores.iter().all(|s| s.score >= b.threshold),
        any_fail: scores.iter().any(|s| s.score < b.threshold),
        passing: scores.iter().filter(|s| s.score >= b.threshold).count() as i64,
        ids: scores
            .iter()
            .filter(|s| s.score >= b.threshold)
            .map(|s| s.id.clone())
            .collect(),
    }
}
