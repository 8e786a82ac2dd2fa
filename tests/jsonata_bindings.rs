//! Bindings of pure values in a JSONata workflow: a tuple destructured from two computed values,
//! and the value an `if let Some(x)` binds, read later (in `format!` and arithmetic); and a
//! nested tuple of places destructured (the tuple is no variable: each name reads its place).

use asl::prelude::*;
use asl::testing::Env;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Data {
    pub n: i64,
    pub f: f64,
    pub o: Option<i64>,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Out {
    pub big: bool,
    pub half: f64,
    pub label: String,
}

#[workflow(name = "destructure-pure", query_language = "JSONata")]
pub fn destructure_pure(d: Data) -> Out {
    let (big, half): (bool, f64) = (d.n > 10, d.f / 2.0);
    let mut label = String::from("none");
    if let Some(x) = d.o {
        label = format!("got {} and {}", x, x + d.n);
    }
    // A binding whose shape is known only once the branches' shapes are inferred.
    let both = parallel!({ d.clone() }, { d.clone() });
    let first = both.0.clone();
    if let Some(y) = first.o {
        label = format!("{label}, then {}", y * 2);
    }
    Out { big, half, label }
}

#[test]
fn destructured_and_bound_values_agree_with_rust() {
    for (n, f, o) in [(12, 3.0, Some(4)), (1, -5.5, None)] {
        let report = Env::new().check(
            destructure_pure::definition(),
            destructure_pure,
            Data { n, f, o },
        );
        assert_eq!(
            report.output.unwrap(),
            Out {
                big: n > 10,
                half: f / 2.0,
                label: o.map_or("none".to_string(), |x| {
                    format!("got {} and {}, then {}", x, x + n, x * 2)
                }),
            }
        );
    }
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Picked {
    pub n: i64,
    pub o: Option<i64>,
    pub f: f64,
}

#[workflow(name = "destructure-places", query_language = "JSONata")]
pub fn destructure_places(d: Data) -> Picked {
    let (n, (o, f)) = (d.n, (d.o, d.f));
    Picked { n, o, f }
}

#[test]
fn destructured_places_agree_with_rust() {
    let d = Data {
        n: 3,
        f: 0.5,
        o: Some(9),
    };
    let report = Env::new().check(destructure_places::definition(), destructure_places, d);
    assert_eq!(
        report.output.unwrap(),
        Picked {
            n: 3,
            o: Some(9),
            f: 0.5
        }
    );
}
