exports.ok = () => "ok";
