package codebuild

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/codebuild/codebuildcfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/s3"
)

// ReportGroupType is what a report group holds.
type ReportGroupType string

// Report group types.
const (
	ReportTest         ReportGroupType = "TEST"
	ReportCodeCoverage ReportGroupType = "CODE_COVERAGE"
)

// ReportGroupProps configures NewReportGroup.
type ReportGroupProps struct {
	// ReportGroupName is the physical name; default: generated.
	ReportGroupName string
	// Type default ReportTest.
	Type ReportGroupType
	// ExportBucket receives the raw reports; default: not exported.
	ExportBucket s3.IBucket
	// ZipExport packs exported reports in a zip archive.
	ZipExport bool
	// RemovalPolicy default cfn.PolicyRetain, as the AWS CDK.
	RemovalPolicy cfn.RemovalPolicy
	// DeleteReports deletes the reports with the group; it needs
	// RemovalPolicy cfn.PolicyDelete.
	DeleteReports bool
}

// IReportGroup is a report group, defined here or imported.
type IReportGroup interface {
	constructs.Construct
	// ReportGroupARN is the group's ARN.
	ReportGroupARN() string
	// ReportGroupName is the group's name: name it in a buildspec's reports
	// to send a report to this group.
	ReportGroupName() string
	// GrantWrite lets grantee write reports to the group.
	GrantWrite(grantee iam.IGrantable) *iam.Grant
}

// ReportGroup is a CodeBuild report group (AWS::CodeBuild::ReportGroup), the
// counterpart of the AWS CDK's ReportGroup: TEST reports, not exported,
// retained when removed from the stack.
type ReportGroup struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *codebuildcfn.CfnReportGroup
	typ      ReportGroupType
	bucket   s3.IBucket
	problems []string
}

// NewReportGroup creates a report group.
func NewReportGroup(scope constructs.Construct, id string, props ReportGroupProps) *ReportGroup {
	g := &ReportGroup{typ: props.Type, bucket: props.ExportBucket}
	g.Base = constructs.NewBase(g, scope, id)
	g.Node().AddValidation(constructs.ValidationFunc(func() []string { return g.problems }))
	if g.typ == "" {
		g.typ = ReportTest
	}
	if g.typ != ReportTest && g.typ != ReportCodeCoverage {
		g.problems = append(g.problems, "Type "+string(g.typ)+" is not a report group type; use codebuild.ReportTest or codebuild.ReportCodeCoverage")
	}
	ec := &codebuildcfn.CfnReportGroup_ReportExportConfigProperty{ExportConfigType: "NO_EXPORT"}
	if !constructs.IsNil(props.ExportBucket) {
		ec.ExportConfigType = "S3"
		d := &codebuildcfn.CfnReportGroup_S3ReportExportConfigProperty{Bucket: props.ExportBucket.BucketName()}
		if k := props.ExportBucket.EncryptionKey(); !constructs.IsNil(k) {
			d.EncryptionDisabled = new(false)
			d.EncryptionKey = new(k.KeyARN())
		}
		if props.ZipExport {
			d.Packaging = new("ZIP")
		}
		ec.S3Destination = d
	}
	cp := codebuildcfn.CfnReportGroupProps{Type: string(g.typ), ExportConfig: ec}
	if props.ReportGroupName != "" {
		cp.Name = new(props.ReportGroupName)
	}
	if props.DeleteReports {
		cp.DeleteReports = new(true)
	}
	g.Resource = codebuildcfn.NewCfnReportGroup(g, "Resource", cp)
	rp := props.RemovalPolicy
	if rp == "" {
		rp = cfn.PolicyRetain
	}
	g.Resource.ApplyRemovalPolicy(rp)
	if props.DeleteReports && props.RemovalPolicy != cfn.PolicyDelete {
		g.problems = append(g.problems, "DeleteReports needs RemovalPolicy cfn.PolicyDelete")
	}
	return g
}

// ReportGroupARN returns the group's ARN (Fn::GetAtt Arn).
func (g *ReportGroup) ReportGroupARN() string { return g.Resource.AttrArn() }

// ReportGroupName returns the group's name: the last part of its ARN (the
// Ref), as the AWS CDK.
func (g *ReportGroup) ReportGroupName() string {
	return cfn.Select(1, cfn.Split("/", g.Resource.Ref()))
}

// GrantWrite lets grantee create and update reports and add test cases (or
// code coverages), and write to the export bucket, as the AWS CDK.
func (g *ReportGroup) GrantWrite(grantee iam.IGrantable) *iam.Grant {
	return grantWrite(g, g.typ, g.bucket, grantee)
}

func grantWrite(g IReportGroup, typ ReportGroupType, bucket s3.IBucket, grantee iam.IGrantable) *iam.Grant {
	action := "codebuild:BatchPutTestCases"
	if typ == ReportCodeCoverage {
		action = "codebuild:BatchPutCodeCoverages"
	}
	ret := iam.GrantOnPrincipal(iam.GrantOnPrincipalOptions{
		Grantee:      grantee,
		Actions:      []string{"codebuild:CreateReport", "codebuild:UpdateReport", action},
		ResourceARNs: []string{g.ReportGroupARN()},
	})
	if !constructs.IsNil(bucket) {
		bucket.GrantWrite(grantee)
	}
	return ret
}

type importedReportGroup struct {
	constructs.Base
	name string
}

// ReportGroupFromName imports a report group by name.
func ReportGroupFromName(scope constructs.Construct, id, name string) IReportGroup {
	g := &importedReportGroup{name: name}
	g.Base = constructs.NewBase(g, scope, id)
	return g
}

func (g *importedReportGroup) ReportGroupName() string { return g.name }
func (g *importedReportGroup) ReportGroupARN() string  { return reportGroupARN(g, g.name) }
func (g *importedReportGroup) GrantWrite(grantee iam.IGrantable) *iam.Grant {
	return grantWrite(g, ReportTest, nil, grantee)
}
