//! Seed 05: the local hello world: output = input.

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Note {
    pub comment: String,
}

#[workflow(
    name = "hello-world",
    comment = "A Hello World example of the Amazon States Language using a Pass state"
)]
pub fn hello_world(n: Note) -> Note {
    #[state(name = "HelloWorld")]
    n
}
