//! Seed 02: the meetup agenda — named no-op states, a Q&A loop, and a Parallel of three.
//!
//! The seed's `Catch` on the Introduction Pass state has no legal ASL form (only Task,
//! Parallel and Map states catch errors, and a Pass never raises one), so it is left out.

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Audience {
    #[serde(rename = "crystalClear")]
    pub crystal_clear: bool,
}

#[workflow]
pub fn meetup(a: Audience) -> (Audience, Audience, Audience) {
    pass!("Introduction");
    pass!("Presentation");
    #[state(name = "Questions ?")]
    while a.crystal_clear {
        pass!("Answer");
    }
    #[state(name = "Have fun")]
    let fun = parallel!(
        pass!("Have a beer", a.clone()),
        pass!("Eat some pizza", a.clone()),
        pass!("Network", a.clone())
    );
    pass!("Return home and start building awesome stuff", fun)
}
