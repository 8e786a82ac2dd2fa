//! JSONata: ticket triage with string methods kept in the state machine, then a polling
//! loop whose counter joins the Assign of the loop's last state.

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: String,
    pub subject: String,
    pub body: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Assignment {
    pub ticket_id: String,
    pub queue: String,
    pub status: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Triaged {
    pub id: String,
    pub queue: String,
    pub priority: i64,
    pub tags: Vec<String>,
    pub checks: i64,
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:AssignTicket")]
pub fn assign(a: Assignment) -> Assignment;

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:CheckAssignment")]
pub fn check_assignment(a: Assignment) -> Assignment;

#[workflow(name = "ticket-triage", query_language = "JSONata")]
pub fn ticket_triage(t: Ticket) -> Triaged {
    let subject = t.subject.trim().to_lowercase();
    let urgent = subject.starts_with("urgent") || t.body.contains("outage");
    let queue = if urgent {
        "oncall"
    } else if subject.contains("invoice") {
        "billing"
    } else {
        "support"
    };
    let tags: Vec<String> = subject
        .split(" ")
        .filter(|w| w.len() > 3)
        .map(|w| w.to_uppercase())
        .collect();
    let mut a = assign(Assignment {
        ticket_id: t.id.clone(),
        queue: queue.to_string(),
        status: "new".to_string(),
    });
    let mut checks = 0;
    while a.status != "assigned" {
        sleep(5);
        a = check_assignment(a.clone());
        checks += 1;
    }
    Triaged {
        id: t.id,
        queue: a.queue,
        priority: if urgent { 1 } else { 3 },
        tags,
        checks,
    }
}
