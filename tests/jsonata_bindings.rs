//! Bindings of pure values in a JSONata workflow: a tuple destructured from two computed values,
//! and the value an `if let Some(x)` binds, read later (in `format!` and arithmetic); and a
//! nested tuple of places destructured (the tuple is no variable: each name reads its place);
//! and tuples and vectors holding computed vectors (empty or not), which JSONata's array
//! constructor would flatten.

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

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Lists {
    pub xs: Vec<i64>,
    pub o: Option<i64>,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Nested {
    pub kept: Vec<i64>,
    pub o: Option<i64>,
    pub empty: bool,
    pub rows: Vec<Vec<i64>>,
}

#[task(lambda = "echo")]
pub fn echo(l: Lists) -> Lists;

#[workflow(name = "tuple-of-vectors", query_language = "JSONata")]
pub fn tuple_of_vectors(l: Lists) -> Nested {
    let (kept, o): (Vec<i64>, Option<i64>) = (
        l.xs.iter()
            .copied()
            .filter(|&x| x > 0)
            .collect::<Vec<i64>>()
            .iter()
            .rev()
            .copied()
            .collect::<Vec<i64>>(),
        l.o,
    );
    // The tuple's vector, read inside a task's argument.
    let back = echo(Lists {
        xs: kept.iter().map(|x| x % 7).collect::<Vec<i64>>(),
        o,
    });
    let rows: Vec<Vec<i64>> = vec![
        back.xs.iter().rev().copied().collect::<Vec<i64>>(),
        l.xs.iter()
            .copied()
            .filter(|&x| x < 0)
            .collect::<Vec<i64>>(),
    ];
    Nested {
        kept: back.xs.clone(),
        o: back.o,
        empty: kept.is_empty(),
        rows,
    }
}

#[test]
fn computed_vectors_in_tuples_and_vectors_stay_one_item() {
    for (xs, o) in [
        (vec![], None),
        (vec![3, -1, 9], Some(2)),
        (vec![-4], Some(1)),
    ] {
        let mut env = Env::new().mock(echo::mock(|l: Lists| l));
        let report = env.check(
            tuple_of_vectors::definition(),
            tuple_of_vectors,
            Lists { xs: xs.clone(), o },
        );
        let kept: Vec<i64> = xs
            .iter()
            .copied()
            .filter(|&x| x > 0)
            .rev()
            .map(|x| x % 7)
            .collect();
        assert_eq!(
            report.output.unwrap(),
            Nested {
                kept: kept.clone(),
                o,
                empty: kept.is_empty(),
                rows: vec![
                    kept.iter().rev().copied().collect(),
                    xs.iter().copied().filter(|&x| x < 0).collect()
                ],
            }
        );
    }
}
