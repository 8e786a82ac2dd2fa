//! Seed 13: fetch PDFs with a Map state (at most 5 at once), then merge them; the Lambda
//! functions are resources of the same serverless template (`Fn::GetAtt`).

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PdfRequest {
    pub pdfs: Vec<String>,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PdfRef {
    pub url: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct FetchedPdf {
    pub key: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Batch {
    pub payload: Vec<PdfRef>,
    #[serde(default)]
    pub responses: Vec<FetchedPdf>,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct MergedPdf {
    pub key: String,
}

#[task(lambda = get_att("generatePayload"))]
pub fn generate_payload(r: PdfRequest) -> Batch;

#[task(lambda = get_att("fetchPDF"), name = "FetchPDF")]
pub fn fetch_pdf(p: PdfRef) -> FetchedPdf;

#[task(lambda = get_att("mergePDFs"), name = "MergePDFs")]
pub fn merge_pdfs(b: Batch) -> MergedPdf;

#[workflow(name = "fetch-pdfs-stepfn")]
pub fn fetch_pdfs(r: PdfRequest) -> MergedPdf {
    let mut b = generate_payload(r);
    #[state(name = "FetchPDFs")]
    b.responses = Map::over(b.payload.clone())
        .max_concurrency(5)
        .run(|p| fetch_pdf(p));
    merge_pdfs(b)
}
