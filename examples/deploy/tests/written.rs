//! What the build script wrote for every example is what the library computes, and each
//! template runs its state machine under a role with the definition's policy statements.

use serde_json::Value;

fn read(file: &str) -> Value {
    let path = std::path::Path::new(asl_deploy_example::OUT_DIR).join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the build script did not write {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_example_has_its_definition_templates_and_policy() {
    let options = asl::TemplateOptions::default();
    for (_, _, d) in asl_examples::all() {
        let name = d.name();
        let definition: Value = serde_json::from_str(&d.to_json().unwrap()).unwrap();
        assert_eq!(read(&format!("{name}.asl.json")), definition, "{name}");
        assert_eq!(
            read(&format!("{name}.iam-policy.json")),
            d.iam_policy().unwrap(),
            "{name}"
        );
        let template = read(&format!("{name}.cloudformation.json"));
        assert_eq!(template, d.to_cloudformation(&options).unwrap(), "{name}");
        assert_eq!(
            read(&format!("{name}.sam.json")),
            d.to_sam(&options).unwrap(),
            "{name}"
        );
        let resources = template["Resources"].as_object().unwrap();
        let machine = resources
            .values()
            .find(|r| r["Type"] == "AWS::StepFunctions::StateMachine")
            .unwrap_or_else(|| panic!("{name}: no state machine in the template"));
        let role = &machine["Properties"]["RoleArn"]["Fn::GetAtt"][0];
        let role = &resources[role.as_str().unwrap()];
        assert_eq!(role["Type"], "AWS::IAM::Role", "{name}");
        let statements: Vec<Value> = role["Properties"]["Policies"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|p| p["PolicyDocument"]["Statement"].as_array().unwrap().clone())
            .collect();
        // The same statements; a template may turn placeholder ARNs into its Parameters.
        let actions = |s: &[Value]| s.iter().map(|s| s["Action"].clone()).collect::<Vec<_>>();
        let policy = d.iam_policy().unwrap();
        assert_eq!(
            actions(&statements),
            actions(policy["Statement"].as_array().unwrap()),
            "{name}"
        );
    }
}
