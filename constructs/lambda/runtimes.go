package lambda

// The runtimes below are the Runtime enum of the AWS::Lambda::Function registry schema
// that forma's L1s come from (cfn-lint 1.51.0), marked deprecated after cfn-lint's runtime
// lifecycle data as of 2026-11-29; TestRuntimesMatchTheRegistrySchema checks them against
// the installed cfn-lint.

// The runtimes of the AWS::Lambda::Function registry schema.
var (
	// DotNet10 is dotnet10.
	DotNet10 = Runtime{Name: "dotnet10", Family: FamilyDotNetCore, SupportsInlineCode: false, Deprecated: false}
	// DotNet6 is dotnet6.
	//
	// Deprecated: AWS Lambda deprecated it on 2024-12-20; use DotNet10.
	DotNet6 = Runtime{Name: "dotnet6", Family: FamilyDotNetCore, SupportsInlineCode: false, Deprecated: true}
	// DotNet8 is dotnet8.
	//
	// Deprecated: AWS Lambda deprecated it on 2026-11-10; use DotNet10.
	DotNet8 = Runtime{Name: "dotnet8", Family: FamilyDotNetCore, SupportsInlineCode: false, Deprecated: true}
	// DotNetCore10 is dotnetcore1.0.
	//
	// Deprecated: AWS Lambda deprecated it on 2019-06-27; use DotNet10.
	DotNetCore10 = Runtime{Name: "dotnetcore1.0", Family: FamilyDotNetCore, SupportsInlineCode: false, Deprecated: true}
	// DotNetCore20 is dotnetcore2.0.
	//
	// Deprecated: AWS Lambda deprecated it on 2019-05-30; use DotNet10.
	DotNetCore20 = Runtime{Name: "dotnetcore2.0", Family: FamilyDotNetCore, SupportsInlineCode: false, Deprecated: true}
	// DotNetCore21 is dotnetcore2.1.
	//
	// Deprecated: AWS Lambda deprecated it on 2022-01-05; use DotNet10.
	DotNetCore21 = Runtime{Name: "dotnetcore2.1", Family: FamilyDotNetCore, SupportsInlineCode: false, Deprecated: true}
	// DotNetCore31 is dotnetcore3.1.
	//
	// Deprecated: AWS Lambda deprecated it on 2023-04-03; use DotNet10.
	DotNetCore31 = Runtime{Name: "dotnetcore3.1", Family: FamilyDotNetCore, SupportsInlineCode: false, Deprecated: true}
	// Go1X is go1.x.
	//
	// Deprecated: AWS Lambda deprecated it on 2024-01-08; use ProvidedAL2023.
	Go1X = Runtime{Name: "go1.x", Family: FamilyGo, SupportsInlineCode: false, Deprecated: true}
	// Java11 is java11.
	//
	// Deprecated: AWS Lambda deprecated it on 2026-06-30; use Java25.
	Java11 = Runtime{Name: "java11", Family: FamilyJava, SupportsInlineCode: false, Deprecated: true}
	// Java17 is java17.
	//
	// Deprecated: AWS Lambda deprecated it on 2026-06-30; use Java25.
	Java17 = Runtime{Name: "java17", Family: FamilyJava, SupportsInlineCode: false, Deprecated: true}
	// Java21 is java21.
	Java21 = Runtime{Name: "java21", Family: FamilyJava, SupportsInlineCode: false, Deprecated: false}
	// Java25 is java25.
	Java25 = Runtime{Name: "java25", Family: FamilyJava, SupportsInlineCode: false, Deprecated: false}
	// Java8 is java8.
	//
	// Deprecated: AWS Lambda deprecated it on 2024-01-08; use Java25.
	Java8 = Runtime{Name: "java8", Family: FamilyJava, SupportsInlineCode: false, Deprecated: true}
	// Java8AL2 is java8.al2.
	//
	// Deprecated: AWS Lambda deprecated it on 2026-06-30; use Java25.
	Java8AL2 = Runtime{Name: "java8.al2", Family: FamilyJava, SupportsInlineCode: false, Deprecated: true}
	// NodeJSLegacy is nodejs.
	//
	// Deprecated: AWS Lambda deprecated it on 2016-08-30; use NodeJS24X.
	NodeJSLegacy = Runtime{Name: "nodejs", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: true}
	// NodeJS10X is nodejs10.x.
	//
	// Deprecated: AWS Lambda deprecated it on 2021-07-30; use NodeJS24X.
	NodeJS10X = Runtime{Name: "nodejs10.x", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: true}
	// NodeJS12X is nodejs12.x.
	//
	// Deprecated: AWS Lambda deprecated it on 2023-03-31; use NodeJS24X.
	NodeJS12X = Runtime{Name: "nodejs12.x", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: true}
	// NodeJS14X is nodejs14.x.
	//
	// Deprecated: AWS Lambda deprecated it on 2023-12-04; use NodeJS24X.
	NodeJS14X = Runtime{Name: "nodejs14.x", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: true}
	// NodeJS16X is nodejs16.x.
	//
	// Deprecated: AWS Lambda deprecated it on 2024-06-12; use NodeJS24X.
	NodeJS16X = Runtime{Name: "nodejs16.x", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: true}
	// NodeJS18X is nodejs18.x.
	//
	// Deprecated: AWS Lambda deprecated it on 2025-09-01; use NodeJS24X.
	NodeJS18X = Runtime{Name: "nodejs18.x", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: true}
	// NodeJS20X is nodejs20.x.
	//
	// Deprecated: AWS Lambda deprecated it on 2026-04-30; use NodeJS24X.
	NodeJS20X = Runtime{Name: "nodejs20.x", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: true}
	// NodeJS22X is nodejs22.x.
	NodeJS22X = Runtime{Name: "nodejs22.x", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: false}
	// NodeJS24X is nodejs24.x.
	NodeJS24X = Runtime{Name: "nodejs24.x", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: false}
	// NodeJS43 is nodejs4.3.
	//
	// Deprecated: AWS Lambda deprecated it on 2020-03-05; use NodeJS24X.
	NodeJS43 = Runtime{Name: "nodejs4.3", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: true}
	// NodeJS43Edge is nodejs4.3-edge.
	//
	// Deprecated: AWS Lambda deprecated it on 2020-03-05; use NodeJS24X.
	NodeJS43Edge = Runtime{Name: "nodejs4.3-edge", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: true}
	// NodeJS610 is nodejs6.10.
	//
	// Deprecated: AWS Lambda deprecated it on 2019-08-12; use NodeJS24X.
	NodeJS610 = Runtime{Name: "nodejs6.10", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: true}
	// NodeJS810 is nodejs8.10.
	//
	// Deprecated: AWS Lambda deprecated it on 2020-03-06; use NodeJS24X.
	NodeJS810 = Runtime{Name: "nodejs8.10", Family: FamilyNodeJS, SupportsInlineCode: true, Deprecated: true}
	// ProvidedLegacy is provided.
	//
	// Deprecated: AWS Lambda deprecated it on 2024-01-08; use ProvidedAL2023.
	ProvidedLegacy = Runtime{Name: "provided", Family: FamilyOther, SupportsInlineCode: false, Deprecated: true}
	// ProvidedAL2 is provided.al2.
	//
	// Deprecated: AWS Lambda deprecated it on 2026-06-30; use ProvidedAL2023.
	ProvidedAL2 = Runtime{Name: "provided.al2", Family: FamilyOther, SupportsInlineCode: false, Deprecated: true}
	// ProvidedAL2023 is provided.al2023.
	ProvidedAL2023 = Runtime{Name: "provided.al2023", Family: FamilyOther, SupportsInlineCode: false, Deprecated: false}
	// Python27 is python2.7.
	//
	// Deprecated: AWS Lambda deprecated it on 2021-07-15; use Python314.
	Python27 = Runtime{Name: "python2.7", Family: FamilyPython, SupportsInlineCode: true, Deprecated: true}
	// Python310 is python3.10.
	//
	// Deprecated: AWS Lambda deprecated it on 2026-06-30; use Python314.
	Python310 = Runtime{Name: "python3.10", Family: FamilyPython, SupportsInlineCode: true, Deprecated: true}
	// Python311 is python3.11.
	//
	// Deprecated: AWS Lambda deprecated it on 2026-06-30; use Python314.
	Python311 = Runtime{Name: "python3.11", Family: FamilyPython, SupportsInlineCode: true, Deprecated: true}
	// Python312 is python3.12.
	Python312 = Runtime{Name: "python3.12", Family: FamilyPython, SupportsInlineCode: true, Deprecated: false}
	// Python313 is python3.13.
	Python313 = Runtime{Name: "python3.13", Family: FamilyPython, SupportsInlineCode: true, Deprecated: false}
	// Python314 is python3.14.
	Python314 = Runtime{Name: "python3.14", Family: FamilyPython, SupportsInlineCode: true, Deprecated: false}
	// Python36 is python3.6.
	//
	// Deprecated: AWS Lambda deprecated it on 2022-07-18; use Python314.
	Python36 = Runtime{Name: "python3.6", Family: FamilyPython, SupportsInlineCode: true, Deprecated: true}
	// Python37 is python3.7.
	//
	// Deprecated: AWS Lambda deprecated it on 2023-12-04; use Python314.
	Python37 = Runtime{Name: "python3.7", Family: FamilyPython, SupportsInlineCode: true, Deprecated: true}
	// Python38 is python3.8.
	//
	// Deprecated: AWS Lambda deprecated it on 2024-10-14; use Python314.
	Python38 = Runtime{Name: "python3.8", Family: FamilyPython, SupportsInlineCode: true, Deprecated: true}
	// Python39 is python3.9.
	//
	// Deprecated: AWS Lambda deprecated it on 2025-12-15; use Python314.
	Python39 = Runtime{Name: "python3.9", Family: FamilyPython, SupportsInlineCode: true, Deprecated: true}
	// Ruby25 is ruby2.5.
	//
	// Deprecated: AWS Lambda deprecated it on 2021-07-30; use Ruby34.
	Ruby25 = Runtime{Name: "ruby2.5", Family: FamilyRuby, SupportsInlineCode: false, Deprecated: true}
	// Ruby27 is ruby2.7.
	//
	// Deprecated: AWS Lambda deprecated it on 2023-12-07; use Ruby34.
	Ruby27 = Runtime{Name: "ruby2.7", Family: FamilyRuby, SupportsInlineCode: false, Deprecated: true}
	// Ruby32 is ruby3.2.
	//
	// Deprecated: AWS Lambda deprecated it on 2026-03-31; use Ruby34.
	Ruby32 = Runtime{Name: "ruby3.2", Family: FamilyRuby, SupportsInlineCode: false, Deprecated: true}
	// Ruby33 is ruby3.3.
	Ruby33 = Runtime{Name: "ruby3.3", Family: FamilyRuby, SupportsInlineCode: false, Deprecated: false}
	// Ruby34 is ruby3.4.
	Ruby34 = Runtime{Name: "ruby3.4", Family: FamilyRuby, SupportsInlineCode: false, Deprecated: false}
	// Ruby40 is ruby4.0.
	Ruby40 = Runtime{Name: "ruby4.0", Family: FamilyRuby, SupportsInlineCode: false, Deprecated: false}
)

// AllRuntimes lists the runtimes of the registry schema, in its order.
var AllRuntimes = []Runtime{DotNet10, DotNet6, DotNet8, DotNetCore10, DotNetCore20, DotNetCore21, DotNetCore31, Go1X, Java11, Java17, Java21, Java25, Java8, Java8AL2, NodeJSLegacy, NodeJS10X, NodeJS12X, NodeJS14X, NodeJS16X, NodeJS18X, NodeJS20X, NodeJS22X, NodeJS24X, NodeJS43, NodeJS43Edge, NodeJS610, NodeJS810, ProvidedLegacy, ProvidedAL2, ProvidedAL2023, Python27, Python310, Python311, Python312, Python313, Python314, Python36, Python37, Python38, Python39, Ruby25, Ruby27, Ruby32, Ruby33, Ruby34, Ruby40}
