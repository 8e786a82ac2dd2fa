//! Cost next to the hand-written ASL: each example, run in asl-local on the inputs and task
//! results of `shared/seed-workflows/README.md`, must take no more states and no more
//! transitions than the seed's hand-written definition (`tests/corpus/seeds/`).

mod samples;
mod seeds;

fn count_states(states: &indexmap::IndexMap<String, asl_model::State>) -> usize {
    states
        .values()
        .map(|s| {
            1 + match s {
                asl_model::State::Parallel(p) => {
                    p.branches.iter().map(|b| count_states(&b.states)).sum()
                }
                asl_model::State::Map(m) => {
                    m.processor().map(|g| count_states(&g.states)).unwrap_or(0)
                }
                _ => 0,
            }
        })
        .sum()
}
