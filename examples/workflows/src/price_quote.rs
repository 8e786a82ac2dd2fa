//! JSONata: a price quote computed in the state machine — float arithmetic, an iterator sum,
//! casts and a string method, with one Lambda for the rates (no Lambda for the arithmetic).

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct QuoteRequest {
    pub customer: String,
    pub items: Vec<Line>,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Line {
    pub sku: String,
    pub unit_price: f64,
    pub quantity: i64,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Rates {
    pub tax_rate: f64,
    pub discount: f64,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Quote {
    pub customer: String,
    pub subtotal_cents: i64,
    pub total_cents: i64,
    pub lines: i64,
    pub bulk: bool,
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:LookupRates")]
pub fn lookup_rates(req: QuoteRequest) -> Rates;

#[workflow(name = "price-quote", query_language = "JSONata")]
pub fn price_quote(req: QuoteRequest) -> Quote {
    let rates = lookup_rates(req.clone());
    let subtotal: f64 = req
        .items
        .iter()
        .map(|l| l.unit_price * l.quantity as f64)
        .sum();
    let total = subtotal * (1.0 - rates.discount) * (1.0 + rates.tax_rate);
    let units: i64 = req.items.iter().map(|l| l.quantity).sum();
    Quote {
        customer: req.customer.to_uppercase(),
        subtotal_cents: (subtotal * 100.0).round() as i64,
        total_cents: (total * 100.0).round() as i64,
        lines: req.items.len() as i64,
        bulk: units >= 10,
    }
}
