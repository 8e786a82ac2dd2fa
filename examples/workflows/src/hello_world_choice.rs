//! Seed 07: two Lambdas, then a Choice on what they returned.

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Greeting {
    pub hello: Hello,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Hello {
    pub name: String,
    pub success: bool,
}

#[task(lambda = "arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:hello")]
pub fn hello(input: serde_json::Value) -> Greeting;

#[task(lambda = "arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:world")]
pub fn world(g: Greeting) -> Greeting;

#[task(lambda = "arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:fromUsername")]
pub fn greeting(g: Greeting) -> Greeting;

#[workflow(
    name = "hello-world-choice",
    comment = "Hello world application for AWS step functions"
)]
pub fn hello_world_choice(input: serde_json::Value) -> Greeting {
    let g = world(hello(input));
    #[state(name = "ChoiceState")]
    if g.hello.name == "Hadrian" {
        #[state(name = "WaitState")]
        sleep(Duration::from_secs(5));
        greeting(g)
    } else if g.hello.success {
        #[state(name = "SucceedState")]
        return g;
    } else {
        fail!("HelloFailed")
    }
}
