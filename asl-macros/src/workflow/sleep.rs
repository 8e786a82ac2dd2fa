//! `sleep(Duration::from_secs(n))`, `sleep(x.seconds)`, `sleep_until("…")`, `sleep_until(x.at)`
//! in a workflow body: a `Sleep` statement and its `ir::Duration`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Expr, ExprCall, Lit};

use crate::workflow::body::{ir, BodyLowering, GenStmt};
use crate::workflow::call::CallKind;
use crate::workflow::value::peel;

impl BodyLowering<'_> {
    /// `sleep(d)` / `sleep_until(t)`: a `Sleep` statement.
    pub(crate) fn sleep_stmt(&mut self, call: &ExprCall) -> GenStmt {
        let ir = ir();
        let until = self.is_sleep_call(call) == Some(true);
        let Some(arg) = call.args.first().filter(|_| call.args.len() == 1) else {
            self.errors.spanned(call, "`sleep` takes one argument");
            return GenStmt::plain(quote!(#ir::StmtKind::Sleep(#ir::SleepFor::Seconds(0))));
        };
        let duration = if until {
            self.sleep_until_duration(arg)
        } else {
            self.sleep_duration(arg)
        };
        GenStmt::plain(quote!(#ir::StmtKind::Sleep(#duration)))
    }

    fn sleep_duration(&mut self, arg: &Expr) -> TokenStream {
        let ir = ir();
        let arg = peel(arg);
        if let Some(place) = self.place(arg) {
            let place = place.to_tokens();
            return quote!(#ir::SleepFor::SecondsAt(#place));
        }
        match arg {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Int(int), ..
            }) => {
                if let Ok(n) = int.base10_parse::<u64>() {
                    return quote!(#ir::SleepFor::Seconds(#n));
                }
            }
            Expr::Call(call) => {
                let Expr::Path(func) = peel(&call.func) else {
                    return self.sleep_error(arg);
                };
                let unit = func
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                let factor: Option<(u64, u64)> = match unit.as_str() {
                    "from_secs" => Some((1, 1)),
                    "from_mins" => Some((60, 1)),
                    "from_hours" => Some((3600, 1)),
                    "from_millis" => Some((1, 1000)),
                    _ => None,
                };
                if let (Some((multiply, divide)), Some(inner)) = (factor, call.args.first()) {
                    let inner = peel(inner);
                    if let Expr::Lit(syn::ExprLit {
                        lit: Lit::Int(int), ..
                    }) = inner
                    {
                        if let Ok(n) = int.base10_parse::<u64>() {
                            if n % divide != 0 {
                                self.errors.spanned(
                                    inner,
                                    "a Wait state waits whole seconds: use `Duration::from_secs(…)`",
                                );
                            }
                            let seconds = n.saturating_mul(multiply) / divide;
                            return quote!(#ir::SleepFor::Seconds(#seconds));
                        }
                    }
                    if (multiply, divide) == (1, 1) {
                        if let Some(place) = self.place(inner) {
                            let place = place.to_tokens();
                            return quote!(#ir::SleepFor::SecondsAt(#place));
                        }
                    }
                }
            }
            _ => {}
        }
        self.sleep_error(arg)
    }

    fn sleep_error(&mut self, arg: &Expr) -> TokenStream {
        let ir = ir();
        self.errors.spanned(
            arg,
            "`sleep` takes a literal duration (`Duration::from_secs(30)` or `30`) or a payload field \
             holding seconds (`sleep(x.delay_seconds)`)",
        );
        quote!(#ir::SleepFor::Seconds(0))
    }

    fn sleep_until_duration(&mut self, arg: &Expr) -> TokenStream {
        let ir = ir();
        let mut arg = peel(arg);
        // `"…".to_string()`, `String::from("…")`, `Timestamp::from("…")`.
        if let Expr::MethodCall(m) = arg {
            if m.args.is_empty()
                && ["to_string", "to_owned", "into"].contains(&m.method.to_string().as_str())
            {
                arg = peel(&m.receiver);
            }
        }
        if let Expr::Call(call) = arg {
            if matches!(self.classify_call(call), CallKind::SameValue) && call.args.len() == 1 {
                arg = peel(&call.args[0]);
            }
        }
        if let Some(place) = self.place(arg) {
            let place = place.to_tokens();
            return quote!(#ir::SleepFor::UntilAt(#place));
        }
        if let Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) = arg
        {
            let s = s.value();
            return quote!(#ir::SleepFor::Until(::std::string::String::from(#s)));
        }
        self.errors.spanned(
            arg,
            "`sleep_until` takes an RFC 3339 timestamp literal (`\"2026-01-01T00:00:00Z\"`) or a payload field \
             holding one (`sleep_until(x.deadline)`)",
        );
        quote!(#ir::SleepFor::Seconds(0))
    }
}
