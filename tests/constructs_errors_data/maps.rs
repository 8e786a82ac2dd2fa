//! Maps and loops: `map` and `Map::over` closures, `for` with `break`/`continue`, counters.

#![allow(clippy::redundant_closure)] // `|o| task(o)` is the map-closure form users write; the macro lowers the closure, not a fn path

use super::*;

/// `map` over a field, the item passed whole to a task.
#[workflow]
pub fn map_plain(b: Orders) -> Vec<Receipt> {
    map(b.orders, |o| fallback(o))
}

/// `map` whose closure reads an outer value (`b.tag`) beside the item.
#[workflow]
pub fn map_captured(b: Orders) -> Vec<Receipt> {
    map(b.orders, |o| {
        label(Label {
            text: o.id,
            tag: b.tag.clone(),
        })
    })
}

/// `Map::over` with every option of a distributed map that needs no bucket.
#[workflow]
pub fn map_options(b: Orders) -> Vec<Receipt> {
    Map::over(b.orders)
        .max_concurrency(5)
        .label("ChargeOrders")
        .tolerated_failures(1)
        .distributed(ExecutionType::Standard)
        .run(|o| charge(o))
}

/// A closure of several statements with an `if`; its last expression is the item's result.
#[workflow]
pub fn map_multi(b: Orders) -> Vec<Receipt> {
    map(b.orders, |o| {
        let r = fallback(o.clone());
        if o.vip {
            notify(r)
        } else {
            r
        }
    })
}

/// A map as the value of one `match` arm, a task as the other's.
#[workflow]
pub fn map_in_match(b: Orders) -> Vec<Receipt> {
    match b.mode {
        Mode::Each => map(b.orders, |o| fallback(o)),
        Mode::Bulk => bulk(b),
    }
}

/// `for` with `break` and `continue` and a task per item.
#[workflow]
pub fn for_break_continue(b: Orders) -> Orders {
    for o in b.orders.iter() {
        if o.amount > 100 {
            break;
        }
        if o.vip {
            continue;
        }
        note(o.clone());
    }
    b
}

/// `x += 1` in a `while`: States.MathAdd on a counter.
#[workflow]
pub fn counter_loop(b: Orders) -> u32 {
    let mut sent = 0;
    while sent < b.limit {
        label(Label {
            text: b.tag.clone(),
            tag: "tick".to_string(),
        });
        sent += 1;
    }
    sent
}
