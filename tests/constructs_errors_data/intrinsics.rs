//! Intrinsics (`format!`, UUIDs, `len`/`contains`), the context object, an SQS call, and the nested combinations of them.

use super::*;

/// `format!` in a struct literal: a `text.$` States.Format in the Task's Parameters.
#[workflow]
pub fn format_params(o: Order) -> Receipt {
    label(Label {
        text: format!("order {} of {}", o.id, o.amount),
        tag: "fmt".to_string(),
    })
}

/// `uuid()` bound once: both calls get the same value.
#[workflow]
pub fn uuid_twice(o: Order) -> Receipt {
    let id = uuid();
    label(Label {
        text: id.clone(),
        tag: "first".to_string(),
    });
    label(Label {
        text: id,
        tag: o.id,
    })
}

/// `x.len()` and `x.contains(&v)` as `if` conditions.
#[workflow]
pub fn len_contains(b: Orders) -> Receipt {
    if b.tags.contains(&b.tag) {
        return label(Label {
            text: "tagged".to_string(),
            tag: b.tag,
        });
    }
    // A computed value is bound before it is compared.
    let count = b.orders.len();
    if count > 2 {
        return label(Label {
            text: "many".to_string(),
            tag: b.tag,
        });
    }
    label(Label {
        text: "few".to_string(),
        tag: b.tag,
    })
}

/// `ctx().execution.id` in a Task's Parameters.
#[workflow]
pub fn context_execution(b: Orders) -> Stamp {
    stamp(Stamp {
        execution: ctx().execution.id,
        index: 0,
        id: b.tag,
    })
}

/// `ctx().map.item.index` (and the execution id) in the Parameters of a task in a map.
#[workflow]
pub fn context_map_index(b: Orders) -> Vec<Stamp> {
    map(b.orders, |o| {
        stamp(Stamp {
            execution: ctx().execution.id,
            index: ctx().map.item.index,
            id: o.id,
        })
    })
}

/// `sqs::send_message` with a `format!` body: `MessageBody.$` is a States.Format.
#[workflow]
pub fn sqs_format(o: Order) -> sqs::SendMessageOutput {
    sqs::send_message(sqs::SendMessage {
        queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/orders".into(),
        message_body: format!("order {} placed", o.id),
        message_group_id: None,
        message_deduplication_id: None,
        delay_seconds: None,
    })
}

/// A call with its own Retry and Catch: retried first, then caught.
#[workflow]
pub fn retry_and_catch(o: Order) -> Receipt {
    #[retry(errors = [PayError::Busy], max_attempts = 2)]
    let r = match pay(o.clone()) {
        Ok(r) => r,
        Err(PayError::Busy) => fallback(o),
        Err(e) => refund(e),
    };
    notify(r)
}

/// `?` inside a `for` body of a Result workflow: the first failing item fails the execution.
#[workflow]
pub fn question_in_loop(b: Orders) -> Result<u32, PayError> {
    let mut paid = 0;
    for o in b.orders.iter() {
        let r = pay(o.clone())?;
        notify(r);
        paid += 1;
    }
    Ok(paid)
}

/// A map whose closure binds its index with `let` and formats it beside an outer value.
#[workflow]
pub fn map_item_value(b: Orders) -> Vec<Receipt> {
    map(b.orders, |o| {
        let n = ctx().map.item.index;
        label(Label {
            text: format!("{} {}", o.id, n),
            tag: b.tag.clone(),
        });
        fallback(o)
    })
}

/// A map in a map: the inner closure reads the outer item and its own index.
#[workflow]
pub fn nested_maps(b: Orders) -> Vec<Vec<Stamp>> {
    map(b.orders, |o| {
        map(b.tags.clone(), |t| {
            stamp(Stamp {
                execution: t,
                index: ctx().map.item.index,
                id: o.id.clone(),
            })
        })
    })
}
